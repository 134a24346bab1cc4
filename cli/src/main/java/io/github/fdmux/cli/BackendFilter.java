package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Pollers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/** {@code --backends}, as {@code fdmux conformance} and {@code fdmux soak} take it (a picocli mixin). */
final class BackendFilter {
    @Option(names = "--backends", paramLabel = "BACKEND", split = ",", converter = Converters.BackendConverter.class,
            description = "Only these backends (default: every available one).")
    List<Backend> backends;

    /** @return whether backends were named */
    boolean named() {
        return backends != null;
    }

    /**
     * @param fits which available backends the default (no {@code --backends}) takes
     * @return the named backends, or every available one that {@code fits}, in {@link Backend} order
     * @throws IllegalArgumentException if a named backend cannot be used here, saying why
     */
    List<BackendStatus> chosen(Predicate<BackendStatus> fits) {
        List<BackendStatus> chosen = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (backends == null ? s.available() && fits.test(s) : backends.contains(s.backend())) {
                if (!s.available()) {
                    throw new IllegalArgumentException(s.backend() + " cannot be used here: " + s.reason());
                }
                chosen.add(s);
            }
        }
        return chosen;
    }
}
