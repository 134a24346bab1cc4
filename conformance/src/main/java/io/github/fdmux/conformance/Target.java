package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One backend in one mode: what a behaviour runs against.
 *
 * @param backend the backend
 * @param mode    the mode registrations are made with
 */
public record Target(Backend backend, Mode mode) {

    /**
     * @param backend the backend
     * @param mode    the mode
     */
    public Target {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mode, "mode");
    }

    /** @return {@code EPOLL/EDGE} */
    public String label() {
        return backend + "/" + mode;
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * Every backend × mode this machine supports, in backend then mode order.
     *
     * @return the targets
     */
    public static List<Target> available() {
        List<Target> out = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (!s.available()) {
                continue;
            }
            for (Mode m : Mode.values()) {
                if (s.capabilities().orElseThrow().supports(m)) {
                    out.add(new Target(s.backend(), m));
                }
            }
        }
        return out;
    }
}
