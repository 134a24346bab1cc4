package io.github.fdmux.cli.soak;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The attack set against one {@code fdmux serve --http} (a child process with RLIMIT_NOFILE 256, a
 * 32 MB heap and so a 32 MB direct memory limit, 128 KiB buffers, a 2 s request timeout), with a
 * {@link GoodClient} beside it. For each attack: the server's fds, RSS and CPU before, during (second
 * half) and after, the good client's p99 during, and the attack's own verdict. Linux (/proc).
 */
public final class AttackRun {
    /** The server's RLIMIT_NOFILE. */
    static final int NOFILE = 256;
    static final int BUFFER = 131072;
    static final long REQUEST_TIMEOUT_MILLIS = 2_000;
    /** The server's CPU, in % of one core, under which an idle-server attack passes. */
    static final double IDLE_CPU_PERCENT = 10;

    private final PrintWriter out;

    /** @param out where the progress and the table go */
    public AttackRun(PrintWriter out) {
        this.out = out;
    }

    /**
     * One attack's figures.
     *
     * @param backend the server's backend
     * @param mode its mode
     * @param attack the attack
     * @param goodP99Millis the good client's p99 during the attack
     * @param goodErrors connections the good client lost during the attack
     * @param cpuPercent the server's CPU in the second half of the attack, % of one core
     * @param rssMb the server's RSS at the end of the attack
     * @param fdsBefore server fds before
     * @param fdsDuring server fds at the end of the attack
     * @param fdsAfter server fds once the attack released everything (waited for, up to 15 s)
     * @param outcome the attack's verdict
     * @param passed everything together: the attack's verdict, fds back, the good client served, CPU if idle expected
     */
    public record Row(Backend backend, Mode mode, String attack, double goodP99Millis, long goodErrors,
            double cpuPercent, double rssMb, int fdsBefore, int fdsDuring, int fdsAfter, Attack.Outcome outcome,
            boolean passed) {
    }

    /** @return the attacks' names, in the order they run */
    public static List<String> names() {
        return Attacks.all().stream().map(Attack::name).collect(java.util.stream.Collectors.toList());
    }

    /**
     * @param backend the backend
     * @param mode the mode
     * @param seconds how long each attack lasts
     * @param only attack names to run, or empty for all
     * @return a row per attack
     * @throws Exception if the server cannot be started or an attack cannot run
     */
    public List<Row> run(Backend backend, Mode mode, int seconds, List<String> only) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> options = List.of("--http", "--idle-timeout", "0", "--buffer", Integer.toString(BUFFER),
                "--request-timeout", REQUEST_TIMEOUT_MILLIS + "ms");
        try (ServerProcess server = ServerProcess.start(backend, mode, options, NOFILE, "32m");
             GoodClient good = new GoodClient(server.port())) {
            long pid = server.pid();
            Attack.Target target = new Attack.Target(server, BUFFER, REQUEST_TIMEOUT_MILLIS);
            waitForRequests(good);
            int baseline = ProcessProbe.openFds(pid);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                for (Attack attack : Attacks.all()) {
                    if (!only.isEmpty() && !only.contains(attack.name())) {
                        continue;
                    }
                    out.printf(Locale.ROOT, "%s/%s %s: %s ...%n", backend, mode.id(), attack.name(), attack.description());
                    out.flush();
                    int before = ProcessProbe.openFds(pid);
                    good.window();
                    long start = System.nanoTime();
                    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
                    Future<Attack.Outcome> running = exec.submit(() -> attack.run(target, deadline));
                    Attacks.sleepUntil(start + (deadline - start) / 2);
                    long cpu0 = server.cpuNanos();
                    long t0 = System.nanoTime();
                    Attacks.sleepUntil(deadline - TimeUnit.MILLISECONDS.toNanos(100));
                    double cpu = server.cpuNanos() < 0 ? -1
                            : 100.0 * (server.cpuNanos() - cpu0) / Math.max(1, System.nanoTime() - t0);
                    double rss = server.isAlive() ? ProcessProbe.rssBytes(pid) / 1048576.0 : -1;
                    int during = server.isAlive() ? ProcessProbe.openFds(pid) : -1;
                    Attack.Outcome outcome;
                    try {
                        outcome = running.get(seconds + 120L, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // The server failed the attack in a way it did not expect (e.g. no answer within
                        // 10 s): that is a verdict, not a reason to stop the other attacks.
                        outcome = new Attack.Outcome(false, "the attack failed: " + e.getCause());
                    }
                    GoodClient.Window w = good.window();
                    int after = server.isAlive() ? waitForFds(pid, baseline, 15) : -1;
                    GoodClient.Window served = waitForRequests(good);
                    // The good client must be served again afterwards (it may lose its connection under
                    // memory pressure: its buffers come out of the same budget), and was not starved during.
                    boolean passed = outcome.ok() && after >= 0 && after <= baseline && served.requests() > 0
                            && w.requests() > 0 && w.p99Millis() < 1_000
                            && (!attack.expectsIdleServer() || cpu < IDLE_CPU_PERCENT);
                    Row row = new Row(backend, mode, attack.name(), w.p99Millis(), w.errors(), cpu, rss, before, during,
                            after, outcome, passed);
                    rows.add(row);
                    out.printf(Locale.ROOT, "  %s; good client p99 %.1f ms (%d requests, %d lost), server CPU %.0f %%,"
                            + " RSS %.0f MB, fds %d -> %d -> %d: %s%n", outcome.detail(), w.p99Millis(), w.requests(),
                            w.errors(), cpu, rss, before, during, after, passed ? "PASS" : "FAIL");
                    out.flush();
                    if (!server.isAlive()) {
                        break;
                    }
                }
            } finally {
                exec.shutdownNow();
            }
        }
        return rows;
    }

    /** Waits up to 10 s until the good client has been served again; returns that window. */
    private static GoodClient.Window waitForRequests(GoodClient good) throws InterruptedException {
        good.window();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        GoodClient.Window w = good.window();
        long requests = 0;
        while (requests < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            w = good.window();
            requests += w.requests();
        }
        return new GoodClient.Window(requests, w.errors(), w.p50Millis(), w.p99Millis(), w.maxMillis());
    }

    private static int waitForFds(long pid, int baseline, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int fds = ProcessProbe.openFds(pid);
        while (fds > baseline && System.nanoTime() < deadline) {
            Thread.sleep(100);
            fds = ProcessProbe.openFds(pid);
        }
        return fds;
    }

    /**
     * Prints the table of every row.
     *
     * @param rows the rows
     */
    public void table(List<Row> rows) {
        out.printf("%-8s %-13s %-17s %10s %6s %7s %7s %15s %s%n", "backend", "mode", "attack", "good p99", "lost",
                "CPU %", "RSS MB", "fds b/d/a", "verdict");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-8s %-13s %-17s %8.1f ms %6d %7.0f %7.0f %15s %s%n", r.backend(), r.mode().id(),
                    r.attack(), r.goodP99Millis(), r.goodErrors(), r.cpuPercent(), r.rssMb(),
                    r.fdsBefore() + "/" + r.fdsDuring() + "/" + r.fdsAfter(), r.passed() ? "PASS" : "FAIL");
        }
        out.flush();
    }
}
