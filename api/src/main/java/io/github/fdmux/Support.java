package io.github.fdmux;

/**
 * How a backend provides a {@link Mode}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Support {
    /** The kernel implements the mode. */
    NATIVE,
    /**
     * fdmux implements the mode on top of the kernel; the conformance suite cannot tell it apart
     * from the native one.
     */
    EMULATED,
    /** Registering this mode throws {@link UnsupportedOperationException}. */
    UNSUPPORTED
}
