package io.github.fdmux.examples;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The backends and modes this machine offers, as JUnit arguments. */
final class Available {
    private Available() {
    }

    /** @return every available backend */
    static List<Backend> backends() {
        List<Backend> out = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (s.available()) {
                out.add(s.backend());
            }
        }
        return out;
    }

    /**
     * @param backend an available backend
     * @return its capabilities
     */
    static Capabilities capabilities(Backend backend) {
        for (BackendStatus s : Pollers.statuses()) {
            if (s.backend() == backend && s.capabilities().isPresent()) {
                return s.capabilities().get();
            }
        }
        throw new IllegalArgumentException(backend + " is not available here");
    }

    /** @return (backend, mode) for every available backend and every mode it supports */
    static Stream<Arguments> backendModes() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : backends()) {
            for (Mode m : Mode.values()) {
                if (capabilities(b).supports(m)) {
                    out.add(Arguments.of(b, m));
                }
            }
        }
        return out.stream();
    }

    /** @return (backend, mode) for every available backend and every oneshot mode it supports */
    static Stream<Arguments> backendOneshotModes() {
        return backendModes().filter(a -> ((Mode) a.get()[1]).isOneshot());
    }
}
