package io.github.fdmux;

import java.io.IOException;

/**
 * A backend that was asked for cannot be used here. The message says why (wrong OS, a missing
 * symbol, a system call refused by seccomp, ...); the cause, if any, is the underlying failure.
 * Thrown by {@link Pollers#open()} (when no backend can be opened, or the one named by the system
 * property or environment variable cannot) and {@link Pollers#open(Backend)}.
 *
 * <p>Immutable, so safe to share between threads once thrown.
 */
public class BackendUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The backend that cannot be used. */
    private final Backend backend;

    /**
     * Creates the exception.
     *
     * @param backend the backend that cannot be used
     * @param message why
     * @param cause the underlying failure, may be null
     */
    public BackendUnavailableException(Backend backend, String message, Throwable cause) {
        super(message, cause);
        this.backend = backend;
    }

    /** {@return the backend that cannot be used} */
    public Backend backend() {
        return backend;
    }
}
