package io.github.fdmux.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a backend can be used on this machine, and why (not). Immutable and thread-safe.
 *
 * @param available true if the backend can be opened here
 * @param reason    a sentence a user can act on, e.g. "Linux 6.1 with epoll_pwait2" or "kqueue needs
 *                  macOS or a BSD; on Linux name libkqueue with -Dfdmux.kqueue.library=/path/libkqueue.so"
 * @param cause     the exception behind an unavailable answer (JNR failing to load, a refused system
 *                  call, a missing symbol), or null when there is none: a wrong OS has no exception
 */
public record Availability(boolean available, String reason, Throwable cause) {

    /**
     * Checks that the reason is not null, and that an available answer has no cause.
     *
     * @param available true if the backend can be opened here
     * @param reason    why
     * @param cause     the exception behind an unavailable answer, or null
     * @throws NullPointerException if {@code reason} is null
     * @throws IllegalArgumentException if an available answer has a cause
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (available && cause != null) {
            throw new IllegalArgumentException("an available backend has no cause of unavailability: " + cause);
        }
    }

    /**
     * An answer without a cause.
     *
     * @param available true if the backend can be opened here
     * @param reason    why
     */
    public Availability(boolean available, String reason) {
        this(available, reason, null);
    }

    /**
     * {@return an available answer}
     *
     * @param reason what makes it available
     */
    public static Availability yes(String reason) {
        return new Availability(true, reason, null);
    }

    /**
     * {@return an unavailable answer with no exception behind it (e.g. the wrong OS)}
     *
     * @param reason why not
     */
    public static Availability no(String reason) {
        return new Availability(false, reason, null);
    }

    /**
     * {@return an unavailable answer and the exception that made it so}
     *
     * @param reason why not, in words a user can act on
     * @param cause  the exception, e.g. an {@code UnsatisfiedLinkError} or a {@code NativeCallException}
     */
    public static Availability no(String reason, Throwable cause) {
        return new Availability(false, reason, Objects.requireNonNull(cause, "cause"));
    }

    /** {@return the exception behind an unavailable answer, if there is one} */
    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(cause);
    }
}
