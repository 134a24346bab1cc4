package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Interest;

/**
 * One connected pair of a sequence: its kind and the interest it is first registered with.
 *
 * @param kind UNIX (readiness changes synchronously with the peer's calls) or TCP (loopback; the
 *     harness waits until the kernel has the data or the FIN before the next step)
 * @param interest the initial interest
 */
public record SlotSpec(Kind kind, Interest interest) {

    /** What connects the pair. */
    public enum Kind {
        /** An AF_UNIX stream socket pair. */
        UNIX,
        /** A loopback TCP connection. */
        TCP
    }

    @Override
    public String toString() {
        return kind + "/" + interest;
    }
}
