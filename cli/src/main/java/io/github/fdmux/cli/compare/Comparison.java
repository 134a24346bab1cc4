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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs {@code fdmux compare}: for each backend × mode, an in-process echo {@link Server} (one event
 * loop, no workers, no idle timeout), and for each {@link Baseline} its thread-per-connection
 * server, under {@link LoadGenerator} ping-pong beside {@link IdleConnections}, measured after a
 * warm-up. In rounds: every row once per round, the order reversed every other round, so that
 * drift on the machine (other work, thermal state, the JIT) falls on every row alike.
 */
public final class Comparison {
    /** fds a row needs beyond those open now, C and N (the listener, the pollers, their wakeups), for the FD_SETSIZE estimate. */
    private static final int FD_HEADROOM = 16;

    private Comparison() {
    }

    /**
     * What to run.
     *
     * @param connections C, concurrent ping-pong connections
     * @param size        S, bytes per message
     * @param measure     D, the measuring window per row and round
     * @param warmup      time under load before measuring, per row and round (JIT, TCP windows)
     * @param rounds      R, how many times each row runs
     * @param idle        N, silent connections held open beside the C active ones
     * @param backends    the backends to run, empty for every available one
     * @param modes       the modes to run, empty for every supported one
     * @param baselines   the baselines to run beside them
     */
    public record Settings(int connections, int size, Duration measure, Duration warmup, int rounds, int idle,
            Set<Backend> backends, Set<Mode> modes, Set<Baseline> baselines) {
        /**
         * @param connections C
         * @param size        S
         * @param measure     D
         * @param warmup      warm-up
         * @param rounds      R
         * @param idle        N
         * @param backends    backends, empty for all
         * @param modes       modes, empty for all
         * @param baselines   baselines
         */
        public Settings {
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(warmup, "warmup");
            backends = Set.copyOf(backends);
            modes = Set.copyOf(modes);
            baselines = Set.copyOf(baselines);
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
            if (rounds < 1 || rounds > 100) {
                throw new IllegalArgumentException("--rounds must be 1 to 100, was " + rounds);
            }
            if (idle < 0 || idle > 50_000) {
                throw new IllegalArgumentException("--idle must be 0 to 50000, was " + idle);
            }
        }

        /**
         * @param parameter {@code connections}, {@code idle} or {@code size}
         * @param value its value
         * @return these settings with that one changed
         */
        public Settings with(String parameter, int value) {
            switch (parameter) {
                case "connections":
                    return new Settings(value, size, measure, warmup, rounds, idle, backends, modes, baselines);
                case "idle":
                    return new Settings(connections, size, measure, warmup, rounds, value, backends, modes, baselines);
                case "size":
                    return new Settings(connections, value, measure, warmup, rounds, idle, backends, modes, baselines);
                default:
                    throw new IllegalArgumentException("--sweep takes connections=, idle= or size=, not " + parameter);
            }
        }
    }

    /**
     * One row to measure: a backend and mode on fdmux's echo server, or a baseline.
     *
     * @param backend      the backend, or null for a baseline
     * @param mode         the mode, or null for a baseline
     * @param capabilities the backend's, or null for a baseline
     * @param baseline     the baseline, or null for a backend
     */
    public record Target(Backend backend, Mode mode, Capabilities capabilities, Baseline baseline) {
        /** @return the row's first column: the backend or the baseline */
        public String name() {
            return backend != null ? backend.name() : baseline.name();
        }

        /** @return the row's second column: the mode, or how a baseline waits */
        public String modeLabel() {
            return mode != null ? mode.id() : baseline.modeLabel();
        }

        /** @return e.g. {@code "EPOLL edge"} */
        public String label() {
            return name() + " " + modeLabel();
        }
    }

    /** Told about each step, for a progress line. */
    public interface Progress {
        /**
         * @param round 1-based round
         * @param rounds rounds in all
         * @param index 1-based number of the row in this round
         * @param total rows in a round
         * @param target what runs
         * @param phase e.g. "warming up"
         */
        void step(int round, int rounds, int index, int total, Target target, String phase);
    }

    /**
     * @param settings what to run
     * @return the available backend × supported mode pairs the settings select, in preference order,
     *     then the baselines
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
                    out.add(new Target(s.backend(), m, caps, null));
                }
            }
        }
        if (out.isEmpty()) {
            boolean edge = settings.modes().stream().anyMatch(Mode::isEdge);
            throw new IllegalArgumentException("nothing to compare: no available backend supports "
                    + settings.modes().stream().map(Mode::id).collect(Collectors.joining(", ")) + "; "
                    + String.join("; ", supported) + (edge ? " (edge-triggered modes need EPOLL, KQUEUE or IO_URING)" : ""));
        }
        for (Baseline b : Baseline.values()) {
            if (settings.baselines().contains(b)) {
                out.add(new Target(null, null, null, b));
            }
        }
        return out;
    }

    /**
     * @param settings what runs
     * @param t a target
     * @return why it cannot run under these settings, or null
     */
    static String absentReason(Settings settings, Target t) {
        if (t.baseline() != null) {
            return t.baseline().absentReason();
        }
        if (t.capabilities().fdLimit().isPresent()) {
            int limit = t.capabilities().fdLimit().getAsInt();
            // The server's fds come after those open now; the load's C client ends are low too, the idle
            // clients' are moved above 1024 (IdleConnections).
            long needed = openFds() + 2L * settings.connections() + settings.idle() + FD_HEADROOM;
            if (needed > limit) {
                return t.backend() + " watches fds below " + limit + " (FD_SETSIZE) only; " + settings.connections()
                        + " active and " + settings.idle() + " idle connections need fds up to about " + needed;
            }
        }
        return null;
    }

    /**
     * Runs every target once per round, alternating the order.
     *
     * @param settings what to run
     * @param targets from {@link #targets(Settings)}
     * @param progress told about each step
     * @return one summary per target, in the targets' order
     * @throws IOException if the load cannot start
     * @throws InterruptedException if interrupted
     */
    public static List<RowSummary> run(Settings settings, List<Target> targets, Progress progress)
            throws IOException, InterruptedException {
        Map<Target, List<CompareRow>> rounds = new LinkedHashMap<>();
        Map<Target, String> absent = new LinkedHashMap<>();
        for (Target t : targets) {
            rounds.put(t, new ArrayList<>());
            String why = absentReason(settings, t);
            if (why != null) {
                absent.put(t, why);
            }
        }
        if (settings.idle() > 0 && !IdleConnections.raiseLimit(settings.connections(), settings.idle())) {
            throw new IOException("RLIMIT_NOFILE cannot be raised far enough for " + settings.idle()
                    + " idle and " + settings.connections() + " active connections (ulimit -Hn)");
        }
        for (int round = 1; round <= settings.rounds(); round++) {
            List<Target> order = new ArrayList<>(targets);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (int i = 0; i < order.size(); i++) {
                Target t = order.get(i);
                if (absent.containsKey(t)) {
                    continue;
                }
                try {
                    rounds.get(t).add(runOne(settings, t, round, i + 1, order.size(), progress));
                } catch (RowFailed e) {
                    absent.put(t, e.getMessage());
                }
            }
        }
        List<RowSummary> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(new RowSummary(t.name(), t.modeLabel(), t.mode() != null && t.mode().isOneshot(),
                    t.backend() != null, rounds.get(t), absent.get(t)));
        }
        return out;
    }

    /** A row that could not be measured: it is reported as absent with this reason, the others go on. */
    private static final class RowFailed extends Exception {
        private static final long serialVersionUID = 1L;

        RowFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static SubjectServer start(Target t) throws IOException {
        if (t.baseline() != null) {
            return BlockingEchoServer.start(t.baseline());
        }
        ServerConfig config = ServerConfig.defaults().withBackend(t.backend()).withMode(t.mode())
                .withIdleTimeout(Duration.ZERO);
        return SubjectServer.of(Server.start(config));
    }

    private static CompareRow runOne(Settings settings, Target t, int round, int index, int total, Progress progress)
            throws IOException, InterruptedException, RowFailed {
        progress.step(round, settings.rounds(), index, total, t, "starting");
        try (SubjectServer server = start(t);
             IdleConnections idle = IdleConnections.open(server.address(), settings.idle());
             LoadGenerator load = LoadGenerator.start(server.address(), settings.connections(), settings.size())) {
            awaitConnections(server, settings.connections() + settings.idle(), t);
            progress.step(round, settings.rounds(), index, total, t, "warming up");
            sleep(settings.warmup());
            long[] threads = server.cpuThreadIds();
            PollerStats p0 = server.pollerStats();
            ThreadMeter.Sample m0 = ThreadMeter.sample(threads);
            long t0 = System.nanoTime();
            load.beginMeasuring();
            progress.step(round, settings.rounds(), index, total, t, "measuring");
            sleep(settings.measure());
            LoadGenerator.Result r = load.endMeasuring();
            long t1 = System.nanoTime();
            ThreadMeter.Sample m = ThreadMeter.sample(threads).minus(m0);
            PollerStats p1 = server.pollerStats();
            PollerStats p = p1 == null ? null : p1.minus(p0);
            int jvmThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            long rss = rssBytes();
            if (server.failure() != null) {
                throw new RowFailed("the " + t.label() + " server failed: " + server.failure(), server.failure());
            }
            return new CompareRow(t.name(), t.modeLabel(), round, (t1 - t0) / 1e9, r.roundTrips(),
                    r.latencies().percentile(0.50), r.latencies().percentile(0.99), p == null ? -1 : p.polls(),
                    p == null ? -1 : p.events(), p == null ? -1 : p.changes(), p == null ? -1 : p.wakeups(),
                    m.cpuNanos(), m.allocatedBytes(), r.errors(), jvmThreads, rss);
        } catch (IOException | RuntimeException e) {
            throw new RowFailed("the " + t.label() + " row could not run: " + e, e);
        }
    }

    /** Waits until the server holds every connection, so that none is still being accepted while measuring. */
    private static void awaitConnections(SubjectServer server, long wanted, Target t)
            throws InterruptedException, RowFailed {
        long deadline = System.nanoTime() + Duration.ofSeconds(10 + wanted / 500).toNanos();
        while (server.openConnections() < wanted) {
            if (server.failure() != null || System.nanoTime() > deadline) {
                throw new RowFailed("the " + t.label() + " server holds " + server.openConnections() + " of the "
                        + wanted + " connections" + (server.failure() != null ? ": " + server.failure() : ""),
                        server.failure());
            }
            Thread.sleep(5);
        }
    }

    /** @return fds open in this process (/proc/self/fd, or /dev/fd on macOS and the BSDs), or 64 if neither can be read */
    static int openFds() {
        for (String dir : new String[] {"/proc/self/fd", "/dev/fd"}) {
            String[] names = new java.io.File(dir).list();
            if (names != null) {
                return names.length;
            }
        }
        return 64;
    }

    /** @return VmRSS from /proc/self/status, in bytes; -1 where there is none (macOS, BSD) */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void sleep(Duration d) throws InterruptedException {
        long ms = d.toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
