package io.github.fdmux.cli;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.cli.soak.ProcessProbe;
import io.github.fdmux.cli.soak.Soak;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fdmux soak}: {@code fdmux serve} on each backend under many connections for a while; not run by CI. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"For each backend (default: every available one): start `fdmux serve` in a child process,"
                + " open C connections to it from this process (one load thread, ping-pong of S-byte messages) and"
                + " keep them busy for D seconds, sampling the server's RSS and open fds; then close the clients and"
                + " wait for the server's fds to come back to where they were. PASS needs zero errors on both"
                + " sides, an RSS that does not grow from the first half of the run to the second (10 %% + 32 MB),"
                + " and the fd count back to its baseline. Linux (/proc). Exit code 0 only if every backend passed.",
            "Raises the soft RLIMIT_NOFILE (here and in the server) toward the hard limit.",
            "With --attacks: instead, for each backend and mode, start `fdmux serve --http` with RLIMIT_NOFILE 256, a"
                + " 32 MB heap, 128 KiB buffers and a 2 s request timeout, keep a well-behaved keep-alive client"
                + " beside it, and run each attack of issue 18 for --attack-seconds (fd-limit, oversized-header,"
                + " fin-with-data, slowloris, not-http, memory); report the good client's p99, the server's CPU, RSS"
                + " and fds before/during/after, and whether the server answered as it must. 127.0.0.1 only."})
final class SoakCommand extends Subcommand {
    @Mixin
    BackendFilter backends;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "level", converter = Converters.ModeConverter.class,
            description = "The server's mode (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "1",
            description = "The server's event loops (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "10000",
            description = "Connections held (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-d", "--seconds"}, paramLabel = "D", defaultValue = "60",
            description = "Load time per backend, in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Mixin
    MessageSize message;

    @Option(names = "--sample", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often the server's RSS and fds are sampled (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--attacks", description = "Run the attack set instead of the soak (see above).")
    boolean attacks;

    @Option(names = "--attack", paramLabel = "NAME", split = ",",
            description = "With --attacks: only these attacks (default: all).")
    List<String> only;

    @Option(names = "--modes", paramLabel = "MODE", split = ",", converter = Converters.ModeConverter.class,
            description = "With --attacks: only these modes (default: every mode each backend supports).")
    List<Mode> modes;

    @Option(names = "--attack-seconds", paramLabel = "SECONDS", defaultValue = "6",
            description = "With --attacks: how long each attack lasts (default: ${DEFAULT-VALUE}).")
    int attackSeconds;

    @Override
    int run(PrintWriter out) throws Exception {
        if (!ProcessProbe.supported()) {
            throw new IllegalArgumentException("fdmux soak reads /proc/<pid>: Linux only");
        }
        if (attacks) {
            return attacks(out);
        }
        int size = message.size;
        if (connections < 1 || seconds < 1 || size < 1 || sample < 1 || sample > seconds) {
            throw new IllegalArgumentException("connections, seconds, size and sample must be positive, sample <= seconds");
        }
        List<BackendStatus> chosen = backends.chosen(s -> s.capabilities().orElseThrow().supports(mode));
        Soak soak = new Soak(out);
        List<Soak.Result> results = new ArrayList<>();
        for (BackendStatus s : chosen) {
            results.add(soak.run(s.backend(), mode, loops, connections, size, seconds, sample));
        }
        out.printf("%-8s %12s %10s %8s %8s %10s %10s %14s %s%n", "backend", "round trips", "per s", "errors",
                "fds", "RSS 1st", "RSS 2nd", "fds after", "verdict");
        for (Soak.Result r : results) {
            out.printf(java.util.Locale.ROOT, "%-8s %,12d %,10.0f %8d %,8d %10.1f %10.1f %14s %s%n", r.backend(),
                    r.roundTrips(), r.roundTrips() / r.seconds(), r.clientErrors() + Math.max(0, r.serverErrors()),
                    r.fdsPeak(), r.rssFirstHalf() / 1048576.0, r.rssSecondHalf() / 1048576.0,
                    r.fdsAfter() + " (was " + r.fdsBefore() + ")", r.passed() ? "PASS" : "FAIL");
        }
        return results.stream().allMatch(Soak.Result::passed) ? 0 : 1;
    }

    private int attacks(PrintWriter out) throws Exception {
        if (attackSeconds < 3 || attackSeconds > 600) {
            throw new IllegalArgumentException("--attack-seconds must be 3 to 600, was " + attackSeconds);
        }
        List<String> known = io.github.fdmux.cli.soak.AttackRun.names();
        if (only != null && !known.containsAll(only)) {
            throw new IllegalArgumentException("--attack: unknown attack in " + only + "; the attacks are " + known);
        }
        io.github.fdmux.unix.ResourceLimits.raiseNoFile(4096);
        io.github.fdmux.cli.soak.AttackRun run = new io.github.fdmux.cli.soak.AttackRun(out);
        List<io.github.fdmux.cli.soak.AttackRun.Row> rows = new ArrayList<>();
        for (BackendStatus s : backends.chosen(s -> true)) {
            for (Mode m : Mode.values()) {
                if (s.capabilities().orElseThrow().supports(m) && (modes == null || modes.contains(m))) {
                    rows.addAll(run.run(s.backend(), m, attackSeconds, only == null ? List.of() : only));
                }
            }
        }
        run.table(rows);
        return !rows.isEmpty() && rows.stream().allMatch(io.github.fdmux.cli.soak.AttackRun.Row::passed) ? 0 : 1;
    }
}
