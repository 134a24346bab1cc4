package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.compare.Baseline;
import io.github.fdmux.cli.compare.CompareReport;
import io.github.fdmux.cli.compare.Comparison;
import io.github.fdmux.cli.compare.RowSummary;
import io.github.fdmux.cli.compare.ScalingChart;
import io.github.fdmux.cli.compare.Sweep;
import io.github.fdmux.cli.compare.Verdict;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fdmux compare}: every backend × mode here, and the thread-per-connection baselines, under the same load. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"For every backend available here and every mode it supports, and for the baselines (a"
                + " platform thread per connection, a virtual thread per connection): start an echo server in"
                + " process on a loopback port, drive it with C connections doing ping-pong of S-byte messages beside"
                + " N idle connections, D seconds per row, in R rounds (every row once per round, the order reversed"
                + " every other round). Print one table of medians: round trips/s with its round-to-round spread,"
                + " latency, poll calls per round trip, events per poll call, interest changes per round trip,"
                + " wakeups, the server's CPU microseconds and heap bytes per round trip, JVM threads and RSS. Then"
                + " the verdict: a winner only when its slowest round beat the runner-up's fastest, otherwise the"
                + " rows are indistinguishable on this machine; and why, from the counters.",
            "The load comes from one thread on its own fdmux poller (automatic backend, level mode), the same for"
                + " every row, so that only the server changes.",
            "--sweep PARAMETER=V1,V2,... runs the comparison at each value and prints one scaling table."})
final class CompareCommand extends Subcommand {
    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "32",
            description = "Concurrent ping-pong connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--idle", paramLabel = "N", defaultValue = "0",
            description = "Idle connections held open beside the active ones: registered with the server, silent"
                    + " (default: ${DEFAULT-VALUE}).")
    int idle;

    @Option(names = {"-d", "--seconds"}, paramLabel = "D", defaultValue = "1",
            description = "Measuring time per row and round, in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "0.3",
            description = "Load before measuring, per row and round, in seconds (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = {"-r", "--rounds"}, paramLabel = "R", defaultValue = "3",
            description = "Rounds: every row runs once per round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    MessageSize message;

    @Option(names = "--backends", paramLabel = "BACKEND", split = ",", converter = Converters.BackendConverter.class,
            description = "Only these backends, e.g. epoll,poll (default: every available one).")
    List<Backend> backends;

    @Option(names = "--modes", paramLabel = "MODE", split = ",", converter = Converters.ModeConverter.class,
            description = "Only these modes, e.g. level,edge (default: every supported one).")
    List<Mode> modes;

    @Option(names = "--baselines", paramLabel = "BASELINE", split = ",", defaultValue = "threads,virtual",
            description = "Baselines beside the backends: threads, virtual, or none (default: ${DEFAULT-VALUE}).")
    List<String> baselines;

    @Option(names = "--sweep", paramLabel = "PARAMETER=V1,V2,...",
            description = "Run the comparison at each value of connections, idle or size, e.g. idle=0,1000,5000, and"
                    + " print one scaling table.")
    String sweep;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "With --sweep: draw round trips/s, p99 latency and server CPU per round trip against the"
                    + " swept value, one line per"
                    + " row, into FILE: a self-contained HTML page (.html), a PNG (.png) or an SVG document (.svg)"
                    + " carrying the image.")
    java.nio.file.Path chart;

    @Option(names = "--json", description = "Print the results as one JSON object, with every round's figures,"
            + " instead of the table.")
    boolean json;

    @Override
    int run(PrintWriter out) throws Exception {
        PrintWriter err = err();
        int size = message.size;
        Sweep.Spec sweepSpec = sweep == null ? null : Sweep.Spec.parse(sweep);
        if (chart != null && sweepSpec == null) {
            throw new IllegalArgumentException("--chart draws against the swept value: add --sweep, e.g."
                    + " --sweep idle=0,1000,5000");
        }
        Comparison.Settings settings = new Comparison.Settings(connections, size, seconds("--seconds", seconds),
                seconds("--warmup", warmup), rounds, idle, set(backends, Backend.class), set(modes, Mode.class),
                baselines(baselines));
        if (sweepSpec != null) {
            for (int v : sweepSpec.values()) {
                settings.with(sweepSpec.parameter(), v); // validates every value before anything runs
            }
        }
        List<Comparison.Target> targets = Comparison.targets(settings);
        String header = String.format(Locale.ROOT, "fdmux compare: %s × %s-byte ping-pong%s, %s s per row after %s s"
                        + " of warm-up, %d rounds (every row once per round); server: echo, 1 event loop (baselines: a"
                        + " thread per connection); load: 1 thread on %s level; %s %s, %d CPUs, Java %s",
                sweepSpec != null && sweepSpec.parameter().equals("connections") ? "C connections"
                        : connections + " connections",
                sweepSpec != null && sweepSpec.parameter().equals("size") ? "S" : Integer.toString(size),
                sweepSpec != null && sweepSpec.parameter().equals("idle") ? " beside N idle connections"
                        : idle > 0 ? " beside " + idle + " idle connections" : "",
                trim(seconds), trim(warmup), rounds, loadBackend(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        if (!json) {
            out.println(header);
            out.flush();
        }
        Progress progress = new Progress(err);
        if (sweepSpec == null) {
            List<RowSummary> rows = Comparison.run(settings, targets, progress.at(""));
            progress.done();
            if (json) {
                out.println(CompareReport.json(settings, header, rows));
            } else {
                printComparison(out, rows);
            }
        } else {
            List<Sweep.Point> points = new ArrayList<>();
            for (int v : sweepSpec.values()) {
                Comparison.Settings at = settings.with(sweepSpec.parameter(), v);
                List<RowSummary> rows = Comparison.run(at, targets, progress.at(sweepSpec.parameter() + "=" + v + " "));
                points.add(new Sweep.Point(v, rows));
                if (!json) {
                    progress.done();
                    out.println(sweepSpec.parameter() + "=" + v + ": " + Verdict.sentences(rows).get(0));
                    out.flush();
                }
            }
            progress.done();
            if (chart != null) {
                String title = "fdmux compare: round trips/s, p99 latency and CPU per round trip as "
                        + sweepSpec.parameter() + " grows";
                ScalingChart.write(chart, ScalingChart.png(sweepSpec.parameter(), points, title, header), title,
                        header + System.lineSeparator() + System.lineSeparator()
                                + CompareReport.scalingTable(sweepSpec.parameter(), points));
                if (!json) {
                    out.println("Chart written to " + chart);
                }
            }
            if (json) {
                out.println(CompareReport.sweepJson(settings, header, sweepSpec.parameter(), points));
            } else {
                out.println();
                out.print(CompareReport.scalingTable(sweepSpec.parameter(), points));
                out.println();
                for (String s : Verdict.scaling(sweepSpec.parameter(), points)) {
                    out.println(s);
                }
            }
        }
        return 0;
    }

    private static void printComparison(PrintWriter out, List<RowSummary> rows) {
        out.println();
        out.print(CompareReport.table(rows));
        out.println();
        for (String s : CompareReport.absentLines(rows)) {
            out.println(s);
        }
        for (String s : Verdict.sentences(rows)) {
            out.println(s);
        }
        long errors = rows.stream().mapToLong(RowSummary::errors).sum();
        if (errors > 0) {
            out.println("Warning: " + errors + " load connections failed; those rows undercount.");
        }
    }

    /** The progress line on stderr: rewritten in place on a terminal, one line per step otherwise. */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean tty = System.console() != null;
        private final long start = System.nanoTime();

        Progress(PrintWriter err) {
            this.err = err;
        }

        Comparison.Progress at(String prefix) {
            return (round, rounds, index, total, t, phase) -> {
                String line = String.format(Locale.ROOT, "compare %sround %d/%d [%d/%d] %s: %s (%.0f s elapsed)",
                        prefix, round, rounds, index, total, t.label(), phase, (System.nanoTime() - start) / 1e9);
                if (tty) {
                    err.print("\r" + line + "\033[K");
                } else {
                    err.println(line);
                }
                err.flush();
            };
        }

        void done() {
            if (tty) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    private static Set<Baseline> baselines(List<String> names) {
        Set<Baseline> s = EnumSet.noneOf(Baseline.class);
        for (String n : names) {
            String v = n.trim().toLowerCase(Locale.ROOT);
            if (v.equals("none")) {
                continue;
            }
            try {
                s.add(Baseline.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--baselines: unknown baseline '" + n + "'; valid: threads, virtual,"
                        + " none", e);
            }
        }
        return s;
    }

    private static String loadBackend() {
        try (io.github.fdmux.Poller p = Pollers.open()) {
            return p.backend().name();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static Duration seconds(String option, double s) {
        if (Double.isNaN(s) || s < 0 || s > 3600) {
            throw new IllegalArgumentException(option + " must be 0 to 3600 seconds, was " + s);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static <E extends Enum<E>> Set<E> set(List<E> values, Class<E> type) {
        Set<E> s = EnumSet.noneOf(type);
        if (values != null) {
            for (E v : values) {
                if (v == null) {
                    throw new IllegalArgumentException("'auto' is not a backend to compare; name them, e.g. epoll,poll");
                }
                s.add(v);
            }
        }
        return s;
    }
}
