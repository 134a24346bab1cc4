package io.github.fdmux;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Pollers#statuses()} knows about one backend on this machine. Immutable and
 * thread-safe.
 *
 * @param backend      the backend
 * @param installed    whether a provider for it is on the class path
 * @param available    whether it can be opened here
 * @param reason       why (not), in words a user can act on
 * @param capabilities its capabilities, when available
 */
public record BackendStatus(Backend backend, boolean installed, boolean available, String reason,
        Optional<Capabilities> capabilities) {

    /**
     * Checks that no component is null.
     *
     * @param backend      the backend
     * @param installed    whether a provider is on the class path
     * @param available    whether it can be opened here
     * @param reason       why (not)
     * @param capabilities its capabilities, when available
     * @throws NullPointerException if {@code backend}, {@code reason} or {@code capabilities} is null
     */
    public BackendStatus {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(capabilities, "capabilities");
    }
}
