package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.compare.CompareReport;
import io.github.fdmux.cli.compare.CompareRow;
import io.github.fdmux.cli.compare.Comparison;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fdmux compare}: every backend × mode here under the same ping-pong load, in one table. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"For every backend available here and every mode it supports: start an echo server in"
                + " process (one event loop) on a loopback port, drive it with C connections doing ping-pong of"
                + " S-byte messages for D seconds, and print one table: round trips/s, latency, poll calls per round"
                + " trip, events per poll call, interest changes per round trip, wakeups, the server threads' CPU"
                + " seconds and heap bytes allocated per round trip. Then two sentences that read the table.",
            "The load comes from one thread on its own fdmux poller (automatic backend, level mode), the same for"
                + " every row, so that only the server changes."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "32",
            description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-d", "--seconds"}, paramLabel = "D", defaultValue = "4",
            description = "Measuring time per row, in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
            description = "Load before measuring, per row, in seconds (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = {"-s", "--size"}, paramLabel = "S", defaultValue = "64",
            description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--backends", paramLabel = "BACKEND", split = ",", converter = Converters.BackendConverter.class,
            description = "Only these backends, e.g. epoll,poll (default: every available one).")
    List<Backend> backends;

    @Option(names = "--modes", paramLabel = "MODE", split = ",", converter = Converters.ModeConverter.class,
            description = "Only these modes, e.g. level,edge (default: every supported one).")
    List<Mode> modes;

    @Option(names = "--json", description = "Print the results as one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Comparison.Settings settings = new Comparison.Settings(connections, size, seconds("--seconds", seconds),
                seconds("--warmup", warmup), set(backends, Backend.class), set(modes, Mode.class));
        List<Comparison.Target> targets = Comparison.targets(settings);
        String header = String.format(Locale.ROOT, "fdmux compare: %d connections × %d-byte ping-pong, %s s per row"
                        + " after %s s of warm-up; server: echo, 1 event loop; load: 1 thread on %s level; %s %s, %d CPUs,"
                        + " Java %s", connections, size, trim(seconds), trim(warmup), loadBackend(),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (!json) {
            out.println(header);
            out.flush();
        }
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        List<CompareRow> rows = Comparison.run(settings, targets, (index, total, t, phase) -> {
            String line = String.format(Locale.ROOT, "compare [%d/%d] %s %s: %s (%.0f s elapsed)", index, total,
                    t.backend(), t.mode().id(), phase, (System.nanoTime() - start) / 1e9);
            if (tty) {
                err.print("\r" + line + "\033[K");
            } else {
                err.println(line);
            }
            err.flush();
        });
        if (tty) {
            err.print("\r\033[K");
            err.flush();
        }
        if (json) {
            out.println(CompareReport.json(settings, header, rows));
        } else {
            out.println();
            out.print(CompareReport.table(rows));
            out.println();
            for (String s : CompareReport.interpretation(rows)) {
                out.println(s);
            }
            long errors = rows.stream().mapToLong(CompareRow::errors).sum();
            if (errors > 0) {
                out.println("Warning: " + errors + " load connections failed; those rows undercount.");
            }
        }
        out.flush();
        return 0;
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
