package io.github.fdmux.spi;

import java.util.Objects;

/**
 * Whether a backend can be used on this machine, and why (not). Immutable and thread-safe.
 *
 * @param available true if the backend can be opened here
 * @param reason    a sentence a user can act on, e.g. "Linux 6.1 with epoll_pwait2" or "kqueue needs
 *                  macOS or a BSD; on Linux name libkqueue with -Dfdmux.kqueue.library=/path/libkqueue.so"
 */
public record Availability(boolean available, String reason) {

    /**
     * Checks that the reason is not null.
     *
     * @param available true if the backend can be opened here
     * @param reason    why
     * @throws NullPointerException if {@code reason} is null
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * {@return an available answer}
     *
     * @param reason what makes it available
     */
    public static Availability yes(String reason) {
        return new Availability(true, reason);
    }

    /**
     * {@return an unavailable answer}
     *
     * @param reason why not
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
