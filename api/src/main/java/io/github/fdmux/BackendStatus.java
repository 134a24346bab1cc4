package io.github.fdmux;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Pollers#status(Backend)} and {@link Pollers#statuses()} know about one backend on this
 * machine. Immutable and thread-safe.
 *
 * @param backend             the backend
 * @param installed           whether a provider for it is on the class path or module path
 * @param available           whether it can be opened here
 * @param reason              why (not), in words a user can act on
 * @param capabilities        its capabilities, when available
 * @param unavailabilityCause the exception that makes it unavailable (JNR failing to load its stub,
 *                            a refused system call, a missing symbol), when there is one; empty when
 *                            it is available, not installed, or unavailable for a reason that is no
 *                            exception (the wrong OS)
 */
public record BackendStatus(Backend backend, boolean installed, boolean available, String reason,
        Optional<Capabilities> capabilities, Optional<Throwable> unavailabilityCause) {

    /**
     * Checks that no component is null.
     *
     * @param backend             the backend
     * @param installed           whether a provider is installed
     * @param available           whether it can be opened here
     * @param reason              why (not)
     * @param capabilities        its capabilities, when available
     * @param unavailabilityCause the exception that makes it unavailable, if any
     * @throws NullPointerException if a component is null
     */
    public BackendStatus {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(unavailabilityCause, "unavailabilityCause");
    }

    /**
     * A status without a cause.
     *
     * @param backend      the backend
     * @param installed    whether a provider is installed
     * @param available    whether it can be opened here
     * @param reason       why (not)
     * @param capabilities its capabilities, when available
     */
    public BackendStatus(Backend backend, boolean installed, boolean available, String reason,
            Optional<Capabilities> capabilities) {
        this(backend, installed, available, reason, capabilities, Optional.empty());
    }

    /**
     * Throws unless the backend can be opened here, as Netty's {@code Epoll.ensureAvailability()}.
     *
     * @throws BackendUnavailableException if it is not installed or not available: the message is
     *     {@link #reason()}, the cause {@link #unavailabilityCause()}
     */
    public void ensureAvailable() throws BackendUnavailableException {
        if (!available) {
            throw new BackendUnavailableException(backend, backend + (installed ? " cannot be used here: " : " ")
                    + reason, unavailabilityCause.orElse(null));
        }
    }
}
