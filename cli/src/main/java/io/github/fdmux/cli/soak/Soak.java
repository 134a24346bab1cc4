package io.github.fdmux.cli.soak;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.cli.compare.LoadGenerator;
import io.github.fdmux.unix.ResourceLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One soak run: {@code fdmux serve} on one backend in a child process, C connections from this
 * process doing ping-pong for D seconds, the server's RSS and fd count sampled all along, then the
 * clients leave and the server's fd count must come back to where it was before they came.
 */
public final class Soak {
    /** Extra RSS allowed in the second half of the run over the first: allocator and JIT noise. */
    private static final long RSS_SLACK_BYTES = 32L << 20;

    private final PrintWriter out;

    /** @param out where the progress and the verdict go */
    public Soak(PrintWriter out) {
        this.out = out;
    }

    /**
     * What one run measured.
     *
     * @param backend the server's backend
     * @param connections connections held
     * @param connectSeconds time to open them all
     * @param roundTrips round trips completed while measuring
     * @param seconds measured time
     * @param p50Micros median latency
     * @param p99Micros 99th percentile latency
     * @param clientErrors connections the load generator lost
     * @param serverErrors connections the server closed on an I/O error
     * @param fdsBefore server fds before the clients came
     * @param fdsPeak server fds under load
     * @param fdsAfter server fds once the clients left
     * @param rssFirstHalf the largest RSS sampled in the first half of the load
     * @param rssSecondHalf the largest RSS sampled in the second half
     * @param serverSummary what the server printed when stopped
     */
    public record Result(Backend backend, int connections, double connectSeconds, long roundTrips, double seconds,
            double p50Micros, double p99Micros, long clientErrors, long serverErrors, int fdsBefore, int fdsPeak,
            int fdsAfter, long rssFirstHalf, long rssSecondHalf, String serverSummary) {

        /** @return zero errors, fds back to the baseline, RSS steady */
        public boolean passed() {
            return clientErrors == 0 && serverErrors == 0 && fdsAfter == fdsBefore && rssSteady();
        }

        /** @return whether the second half's RSS stayed within 10 % (plus slack) of the first half's */
        public boolean rssSteady() {
            return rssSecondHalf <= rssFirstHalf + rssFirstHalf / 10 + RSS_SLACK_BYTES;
        }
    }

    /**
     * @param backend the server's backend
     * @param mode its mode
     * @param loops its event loops
     * @param connections C
     * @param size bytes per message
     * @param seconds D
     * @param sampleSeconds how often RSS and fds are sampled
     * @return what was measured
     * @throws Exception if the server or the load cannot be set up
     */
    public Result run(Backend backend, Mode mode, int loops, int connections, int size, int seconds, int sampleSeconds)
            throws Exception {
        long soft = ResourceLimits.raiseNoFile(connections + 1024L);
        if (soft < connections + 64L) {
            throw new IllegalArgumentException("RLIMIT_NOFILE allows " + soft + " fds here, too few for " + connections
                    + " connections (raise the hard limit: ulimit -Hn)");
        }
        try (ServerProcess server = ServerProcess.start(backend, mode, loops)) {
            long pid = server.pid();
            Thread.sleep(500);
            int fdsBefore = ProcessProbe.openFds(pid);
            out.printf(Locale.ROOT, "%s/%s: server pid %d on port %d, %d fds, RSS %s; connecting %,d clients ...%n",
                    backend, mode.id(), pid, server.port(), fdsBefore, mb(ProcessProbe.rssBytes(pid)), connections);
            out.flush();
            long t0 = System.nanoTime();
            LoadGenerator load = LoadGenerator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.port()), connections, size);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            List<Long> rss = new ArrayList<>();
            int fdsPeak = 0;
            LoadGenerator.Result measured;
            try {
                load.beginMeasuring();
                long start = System.nanoTime();
                out.printf(Locale.ROOT, "  connected in %.1f s; load for %d s%n", connectSeconds, seconds);
                out.printf("  %6s %12s %12s%n", "t (s)", "server RSS", "server fds");
                for (int t = sampleSeconds; t <= seconds; t += sampleSeconds) {
                    long wake = start + t * 1_000_000_000L;
                    while (System.nanoTime() < wake) {
                        Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
                    }
                    if (!server.isAlive()) {
                        throw new IOException("the server died: " + server.stop());
                    }
                    long r = ProcessProbe.rssBytes(pid);
                    int fds = ProcessProbe.openFds(pid);
                    rss.add(r);
                    fdsPeak = Math.max(fdsPeak, fds);
                    out.printf(Locale.ROOT, "  %6d %12s %,12d%n", t, mb(r), fds);
                    out.flush();
                }
                measured = load.endMeasuring();
                if (!load.drain(30_000)) {
                    out.println("  (some connections did not finish their last round trip within 30 s)");
                }
            } finally {
                load.close();
            }
            double measuredSeconds = seconds;
            int fdsAfter = waitForFds(pid, fdsBefore, 60);
            List<String> lines = server.stop();
            long serverErrors = serverErrors(lines);
            String summary = lines.stream().filter(l -> l.startsWith("fdmux serve: stopped") || l.startsWith(
                    "fdmux serve: totals")).reduce((a, b) -> a + "; " + b).orElse("(no summary: " + lines + ")");
            int half = rss.size() / 2;
            long first = rss.subList(0, Math.max(1, half)).stream().mapToLong(Long::longValue).max().orElse(0);
            long second = rss.subList(half, rss.size()).stream().mapToLong(Long::longValue).max().orElse(0);
            Result r = new Result(backend, connections, connectSeconds, measured.roundTrips(), measuredSeconds,
                    measured.latencies().percentile(0.50) / 1e3, measured.latencies().percentile(0.99) / 1e3,
                    measured.errors(), serverErrors, fdsBefore, fdsPeak, fdsAfter, first, second, summary);
            report(r);
            return r;
        }
    }

    private static long serverErrors(List<String> lines) {
        for (String l : lines) {
            int i = l.indexOf(" errors ");
            if (l.startsWith("fdmux serve: totals") && i >= 0) {
                return Long.parseLong(l.substring(i + 8).replaceAll("[^0-9].*", ""));
            }
        }
        return -1; // unknown: counts as a failure
    }

    /** Waits until the server holds {@code baseline} fds again (the clients' connections closed). */
    private static int waitForFds(long pid, int baseline, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int fds = ProcessProbe.openFds(pid);
        while (fds > baseline && System.nanoTime() < deadline) {
            Thread.sleep(100);
            fds = ProcessProbe.openFds(pid);
        }
        return fds;
    }

    private void report(Result r) {
        out.printf(Locale.ROOT, "  %s: %,d round trips in %.0f s (%,.0f/s), latency p50 %.0f µs, p99 %.0f µs%n",
                r.backend(), r.roundTrips(), r.seconds(), r.roundTrips() / r.seconds(), r.p50Micros(), r.p99Micros());
        out.printf(Locale.ROOT, "  errors: %d in the clients, %d in the server%n", r.clientErrors(), r.serverErrors());
        out.printf(Locale.ROOT, "  server RSS: at most %s in the first half, %s in the second: %s%n",
                mb(r.rssFirstHalf()), mb(r.rssSecondHalf()), r.rssSteady() ? "steady" : "GROWING");
        out.printf(Locale.ROOT, "  server fds: %d before, %,d under load, %d after the clients left: %s%n",
                r.fdsBefore(), r.fdsPeak(), r.fdsAfter(), r.fdsAfter() == r.fdsBefore() ? "back to baseline"
                        : "NOT back to baseline");
        out.printf("  server: %s%n  verdict: %s%n%n", r.serverSummary(), r.passed() ? "PASS" : "FAIL");
        out.flush();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
