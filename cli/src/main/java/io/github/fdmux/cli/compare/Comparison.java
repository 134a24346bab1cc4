package io.github.fdmux.cli.compare;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.PollerStats;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.serve.Server;
import io.github.fdmux.cli.serve.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs {@code fdmux compare}: for each backend × mode, an in-process echo {@link Server} (one event
 * loop, no workers, no idle timeout) under {@link LoadGenerator} ping-pong, measured after a warm-up.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * What to run.
     *
     * @param connections C, concurrent ping-pong connections
     * @param size        S, bytes per message
     * @param measure     D, the measuring window per row
     * @param warmup      time under load before measuring (JIT, TCP windows)
     * @param backends    the backends to run, empty for every available one
     * @param modes       the modes to run, empty for every supported one
     */
    public record Settings(int connections, int size, Duration measure, Duration warmup, Set<Backend> backends,
            Set<Mode> modes) {
        /**
         * @param connections C
         * @param size        S
         * @param measure     D
         * @param warmup      warm-up
         * @param backends    backends, empty for all
         * @param modes       modes, empty for all
         */
        public Settings {
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(warmup, "warmup");
            backends = Set.copyOf(backends);
            modes = Set.copyOf(modes);
            if (connections < 1 || connections > 10_000) {
                throw new IllegalArgumentException("--connections must be 1 to 10000, was " + connections);
            }
            if (size < 1 || size > (1 << 20)) {
                throw new IllegalArgumentException("--size must be 1 byte to 1 MiB, was " + size);
            }
            if (measure.isNegative() || measure.isZero()) {
                throw new IllegalArgumentException("--seconds must be more than 0");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("--warmup must not be negative");
            }
        }
    }

    /** One backend and mode to measure. */
    public record Target(Backend backend, Mode mode, Capabilities capabilities) {
    }

    /** Told about each step, for a progress line. */
    public interface Progress {
        /**
         * @param index 1-based number of the row
         * @param total rows in all
         * @param target what runs
         * @param phase e.g. "warming up"
         */
        void step(int index, int total, Target target, String phase);
    }

    /**
     * @param settings what to run
     * @return the available backend × supported mode pairs the settings select, in preference order
     * @throws IllegalArgumentException if a named backend is not available here, or nothing is selected
     */
    public static List<Target> targets(Settings settings) {
        List<Target> out = new ArrayList<>();
        List<String> supported = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            boolean named = settings.backends().contains(s.backend());
            if (!s.available()) {
                if (named) {
                    throw new IllegalArgumentException(s.backend() + " is not available here: " + s.reason());
                }
                continue;
            }
            if (!settings.backends().isEmpty() && !named) {
                continue;
            }
            Capabilities caps = s.capabilities().orElseThrow();
            supported.add(s.backend() + " supports " + Arrays.stream(Mode.values()).filter(caps::supports).map(Mode::id)
                    .collect(Collectors.joining(", ")));
            for (Mode m : Mode.values()) {
                if (caps.supports(m) && (settings.modes().isEmpty() || settings.modes().contains(m))) {
                    out.add(new Target(s.backend(), m, caps));
                }
            }
        }
        if (out.isEmpty()) {
            boolean edge = settings.modes().stream().anyMatch(Mode::isEdge);
            throw new IllegalArgumentException("nothing to compare: no available backend supports "
                    + settings.modes().stream().map(Mode::id).collect(Collectors.joining(", ")) + "; "
                    + String.join("; ", supported) + (edge ? " (edge-triggered modes need EPOLL or KQUEUE)" : ""));
        }
        return out;
    }

    /**
     * Runs every target in turn.
     *
     * @param settings what to run
     * @param targets from {@link #targets(Settings)}
     * @param progress told about each step
     * @return one row per target
     * @throws IOException if a server or the load cannot start
     * @throws InterruptedException if interrupted
     */
    public static List<CompareRow> run(Settings settings, List<Target> targets, Progress progress)
            throws IOException, InterruptedException {
        List<CompareRow> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            rows.add(runOne(settings, targets.get(i), i + 1, targets.size(), progress));
        }
        return rows;
    }

    private static CompareRow runOne(Settings settings, Target t, int index, int total, Progress progress)
            throws IOException, InterruptedException {
        ServerConfig config = ServerConfig.defaults().withBackend(t.backend()).withMode(t.mode())
                .withIdleTimeout(Duration.ZERO);
        progress.step(index, total, t, "starting");
        try (Server server = Server.start(config);
             LoadGenerator load = LoadGenerator.start(server.address(), settings.connections(), settings.size())) {
            progress.step(index, total, t, "warming up");
            sleep(settings.warmup());
            long[] threads = server.threadIds();
            PollerStats p0 = server.stats().poller();
            ThreadMeter.Sample m0 = ThreadMeter.sample(threads);
            long t0 = System.nanoTime();
            load.beginMeasuring();
            progress.step(index, total, t, "measuring");
            sleep(settings.measure());
            LoadGenerator.Result r = load.endMeasuring();
            long t1 = System.nanoTime();
            ThreadMeter.Sample m = ThreadMeter.sample(threads).minus(m0);
            PollerStats p = server.stats().poller().minus(p0);
            if (server.failure() != null) {
                throw new IOException("the " + t.backend() + " " + t.mode().id() + " server failed: "
                        + server.failure(), server.failure());
            }
            return new CompareRow(t.backend(), t.mode(), t.capabilities().support(t.mode()), (t1 - t0) / 1e9,
                    r.roundTrips(), r.latencies().percentile(0.50), r.latencies().percentile(0.99), p.polls(),
                    p.events(), p.changes(), p.wakeups(), m.cpuNanos(), m.allocatedBytes(), r.errors());
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        long ms = d.toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
