package io.github.fdmux.cli.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders {@code fdmux compare} results: the table, the sentences that read it ({@link Verdict}), and JSON. */
public final class CompareReport {
    private static final String[] HEADERS = {"backend", "mode", "round trips/s", "±", "p50 µs", "p99 µs", "polls/rt",
        "events/poll", "changes/rt", "wakeups", "CPU µs/rt", "alloc B/rt", "threads", "RSS MiB"};

    private CompareReport() {
    }

    /**
     * @param rows the results (rows that did not run are left out: {@link #absentLines} lists them)
     * @return the table, one line per row under a header, columns aligned
     */
    public static String table(List<RowSummary> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (RowSummary r : rows) {
            if (!r.ran()) {
                continue;
            }
            lines.add(new String[] {r.name(), r.mode(), grouped(r.medianRate()), percent(r.spread()),
                micros(r.p50Nanos()), micros(r.p99Nanos()), fixed(r.pollsPerRoundTrip(), 3),
                fixed(r.eventsPerPoll(), 2), fixed(r.changesPerRoundTrip(), 3),
                r.wakeups() < 0 ? "-" : Long.toString(r.wakeups()), fixed(r.cpuMicrosPerRoundTrip(), 1),
                fixed(r.allocatedBytesPerRoundTrip(), 2), Integer.toString(r.threads()), mib(r.rssBytes())});
        }
        return align(lines, 2);
    }

    /**
     * @param rows the results
     * @return one line per row that did not run, saying why
     */
    public static List<String> absentLines(List<RowSummary> rows) {
        List<String> out = new ArrayList<>();
        for (RowSummary r : rows) {
            if (!r.ran()) {
                out.add("Not measured: " + r.label() + ": " + (r.absent() != null ? r.absent() : "no round completed")
                        + ".");
            }
        }
        return out;
    }

    /**
     * A scaling table: one line per row and swept value, grouped by row.
     *
     * @param parameter the swept parameter, e.g. {@code idle}
     * @param points the values and their results, in sweep order
     * @return the table
     */
    public static String scalingTable(String parameter, List<Sweep.Point> points) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"backend", "mode", parameter, "round trips/s", "±", "p99 µs", "CPU µs/rt", "polls/rt",
            "events/poll", "threads", "RSS MiB"});
        for (String label : Sweep.labels(points)) {
            for (Sweep.Point p : points) {
                RowSummary r = p.row(label);
                if (r == null) {
                    continue;
                }
                if (!r.ran()) {
                    lines.add(new String[] {r.name(), r.mode(), Integer.toString(p.value()), "absent", "", "", "", "",
                        "", "", ""});
                    continue;
                }
                lines.add(new String[] {r.name(), r.mode(), Integer.toString(p.value()), grouped(r.medianRate()),
                    percent(r.spread()), micros(r.p99Nanos()), fixed(r.cpuMicrosPerRoundTrip(), 1),
                    fixed(r.pollsPerRoundTrip(), 3), fixed(r.eventsPerPoll(), 2), Integer.toString(r.threads()),
                    mib(r.rssBytes())});
            }
        }
        return align(lines, 3);
    }

    private static String align(List<String[]> lines, int textColumns) {
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                // text columns left-aligned, numbers right-aligned
                line.append(i < textColumns ? String.format("%-" + width[i] + "s", l[i])
                        : String.format("%" + width[i] + "s", l[i]));
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * @param settings what ran
     * @param header the description line printed above the table
     * @param rows the results
     * @return the results as one JSON object, with every round's figures
     */
    public static String json(Comparison.Settings settings, String header, List<RowSummary> rows) {
        JsonWriter w = new JsonWriter().beginObject();
        settings(w, settings, header);
        rows(w, rows);
        w.name("verdict").beginArray();
        for (String s : Verdict.sentences(rows)) {
            w.value(s);
        }
        w.endArray();
        return w.endObject().toString();
    }

    /**
     * @param settings what ran (the swept parameter takes each value in turn)
     * @param header the description line
     * @param parameter the swept parameter
     * @param points the values and their results
     * @return the sweep as one JSON object
     */
    public static String sweepJson(Comparison.Settings settings, String header, String parameter,
            List<Sweep.Point> points) {
        JsonWriter w = new JsonWriter().beginObject();
        settings(w, settings, header);
        w.name("sweep").beginObject().name("parameter").value(parameter).name("points").beginArray();
        for (Sweep.Point p : points) {
            w.beginObject().name("value").value(p.value());
            rows(w, p.rows());
            w.name("verdict").beginArray();
            for (String s : Verdict.sentences(p.rows())) {
                w.value(s);
            }
            w.endArray().endObject();
        }
        w.endArray().endObject();
        w.name("scaling").beginArray();
        for (String s : Verdict.scaling(parameter, points)) {
            w.value(s);
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void settings(JsonWriter w, Comparison.Settings settings, String header) {
        w.name("command").value("fdmux compare");
        w.name("description").value(header);
        w.name("connections").value(settings.connections());
        w.name("idle").value(settings.idle());
        w.name("messageBytes").value(settings.size());
        w.name("seconds").value(settings.measure().toMillis() / 1000.0);
        w.name("warmupSeconds").value(settings.warmup().toMillis() / 1000.0);
        w.name("rounds").value(settings.rounds());
        w.name("machine").beginObject()
                .name("os").value(System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .name("arch").value(System.getProperty("os.arch"))
                .name("java").value(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .name("cpus").value(Runtime.getRuntime().availableProcessors())
                .endObject();
    }

    private static void rows(JsonWriter w, List<RowSummary> rows) {
        w.name("rows").beginArray();
        for (RowSummary r : rows) {
            w.beginObject().name("backend").value(r.name()).name("mode").value(r.mode());
            if (!r.ran()) {
                w.name("absent").value(r.absent() != null ? r.absent() : "no round completed").endObject();
                continue;
            }
            w.name("roundTripsPerSecond").value(r.medianRate())
                    .name("roundTripsPerSecondMin").value(r.minRate())
                    .name("roundTripsPerSecondMax").value(r.maxRate())
                    .name("spread").value(r.spread())
                    .name("p50Micros").value(r.p50Nanos() / 1000.0)
                    .name("p99Micros").value(r.p99Nanos() / 1000.0)
                    .name("pollsPerRoundTrip").value(r.pollsPerRoundTrip())
                    .name("eventsPerPoll").value(r.eventsPerPoll())
                    .name("changesPerRoundTrip").value(r.changesPerRoundTrip())
                    .name("wakeups").value(r.wakeups())
                    .name("cpuMicrosPerRoundTrip").value(r.cpuMicrosPerRoundTrip())
                    .name("allocatedBytesPerRoundTrip").value(r.allocatedBytesPerRoundTrip())
                    .name("threads").value(r.threads())
                    .name("rssBytes").value(r.rssBytes())
                    .name("errors").value(r.errors());
            w.name("rounds").beginArray();
            for (CompareRow c : r.rounds()) {
                w.beginObject()
                        .name("round").value(c.round())
                        .name("seconds").value(c.seconds())
                        .name("roundTrips").value(c.roundTrips())
                        .name("roundTripsPerSecond").value(c.roundTripsPerSecond())
                        .name("p50Micros").value(c.p50Nanos() / 1000.0)
                        .name("p99Micros").value(c.p99Nanos() / 1000.0)
                        .name("polls").value(c.polls())
                        .name("events").value(c.events())
                        .name("changes").value(c.changes())
                        .name("wakeups").value(c.wakeups())
                        .name("cpuNanos").value(c.cpuNanos())
                        .name("allocatedBytes").value(c.allocatedBytes())
                        .name("errors").value(c.errors())
                        .name("threads").value(c.threads())
                        .name("rssBytes").value(c.rssBytes())
                        .endObject();
            }
            w.endArray().endObject();
        }
        w.endArray();
    }

    static String grouped(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,d", Math.round(v)) : "-";
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.0f%%", fraction * 100) : "-";
    }

    static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    static String micros(long nanos) {
        double us = nanos / 1000.0;
        return us < 100 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%,d", Math.round(us));
    }

    /** @return rows that ran, fastest median first */
    static List<RowSummary> byMedian(List<RowSummary> rows) {
        List<RowSummary> ran = new ArrayList<>();
        for (RowSummary r : rows) {
            if (r.ran()) {
                ran.add(r);
            }
        }
        ran.sort(Comparator.comparingDouble(RowSummary::medianRate).reversed());
        return ran;
    }
}
