package io.github.fdmux.unix;

import io.github.fdmux.spi.Availability;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A backend's probe of what this system offers (its binding, its kernel's features, an
 * {@link Availability}), run once and kept, except for an answer that says nothing lasting: fd or
 * memory exhaustion (EMFILE, ENFILE, ENOMEM) during the probe is probed again next time.
 *
 * <p>Thread-safe.
 *
 * @param <T> what the probe returns
 */
public final class ProbeCache<T> {
    private final Supplier<T> probe;
    private final Function<T, Availability> availability;
    private final Predicate<T> current;
    private volatile T cached;

    /**
     * @param probe runs the probe
     * @param availability the availability a probe result says
     * @param current whether a kept result still answers (e.g. a system property it depends on is unchanged)
     */
    public ProbeCache(Supplier<T> probe, Function<T, Availability> availability, Predicate<T> current) {
        this.probe = probe;
        this.availability = availability;
        this.current = current;
    }

    /**
     * @param probe runs the probe
     * @param availability the availability a probe result says
     */
    public ProbeCache(Supplier<T> probe, Function<T, Availability> availability) {
        this(probe, availability, t -> true);
    }

    /** @return the kept result, or a new probe's */
    public T get() {
        T p = cached;
        if (p == null || !current.test(p)) {
            synchronized (this) {
                p = cached;
                if (p == null || !current.test(p)) {
                    p = probe.get();
                    if (isLasting(availability.apply(p))) {
                        cached = p;
                    }
                }
            }
        }
        return p;
    }

    private static boolean isLasting(Availability a) {
        String r = a.reason();
        return a.available() || !(r.contains("EMFILE") || r.contains("ENFILE") || r.contains("ENOMEM"));
    }
}
