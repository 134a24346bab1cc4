package io.github.fdmux.it.reliability;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Every backend fdmux knows, from {@link Pollers#statuses()}: a backend added later is covered by
 * every reliability test without a change here. One that cannot run on this machine is skipped with
 * its reason (e.g. KQUEUE on Linux without libkqueue), never passed.
 */
public final class Backends {
    private Backends() {
    }

    /** @return one status per backend, for {@code @MethodSource} */
    public static List<BackendStatus> all() {
        return Pollers.statuses();
    }

    /** @return one status per backend, named by the backend, for {@code @MethodSource} display names */
    public static java.util.stream.Stream<org.junit.jupiter.api.Named<BackendStatus>> named() {
        return Pollers.statuses().stream().map(s -> org.junit.jupiter.api.Named.of(s.backend().name(), s));
    }

    /** @return the backends usable here */
    public static List<Backend> available() {
        return Pollers.statuses().stream().filter(BackendStatus::available).map(BackendStatus::backend)
                .collect(Collectors.toList());
    }

    /**
     * Aborts the calling test unless the backend can run here.
     *
     * @param status the backend's status
     * @return its capabilities
     */
    public static Capabilities assumeAvailable(BackendStatus status) {
        Assumptions.assumeTrue(status.available(),
                () -> status.backend() + " is not available here: " + status.reason());
        return status.capabilities().orElseThrow();
    }

    /**
     * @param caps a backend's capabilities
     * @return every mode it supports, in {@link Mode} order
     */
    public static Mode[] modes(Capabilities caps) {
        return java.util.Arrays.stream(Mode.values()).filter(caps::supports).toArray(Mode[]::new);
    }

    /**
     * @param caps a backend's capabilities
     * @return a mode it supports that reports once per arm (ONESHOT if offered), else LEVEL
     */
    public static Mode oneshotOrLevel(Capabilities caps) {
        return caps.supports(Mode.ONESHOT) ? Mode.ONESHOT : Mode.LEVEL;
    }
}
