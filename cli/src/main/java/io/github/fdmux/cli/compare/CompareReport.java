package io.github.fdmux.cli.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders {@code fdmux compare} results: the table, the two sentences that read it, and JSON. */
public final class CompareReport {
    private static final String[] HEADERS = {"backend", "mode", "round trips/s", "p50 µs", "p99 µs", "polls/rt",
        "events/poll", "changes/rt", "wakeups", "CPU s", "alloc B/rt"};

    private CompareReport() {
    }

    /**
     * @param rows the results
     * @return the table, one line per row under a header, columns aligned
     */
    public static String table(List<CompareRow> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (CompareRow r : rows) {
            lines.add(new String[] {r.backend().name(), r.mode().id(), grouped(r.roundTripsPerSecond()),
                micros(r.p50Nanos()), micros(r.p99Nanos()), fixed(r.pollsPerRoundTrip(), 3),
                fixed(r.eventsPerPoll(), 2), fixed(r.changesPerRoundTrip(), 3), Long.toString(r.wakeups()),
                fixed(r.cpuSeconds(), 2), fixed(r.allocatedBytesPerRoundTrip(), 2)});
        }
        int[] width = new int[HEADERS.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                // text columns left-aligned, numbers right-aligned
                sb.append(i < 2 ? String.format("%-" + width[i] + "s", l[i]) : String.format("%" + width[i] + "s", l[i]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * Two sentences computed from the numbers: which row did the most (per second and per CPU
     * second) and which the least; and how the modes differed in poll calls and in interest
     * changes per round trip.
     *
     * @param rows the results
     * @return the two sentences
     */
    public static List<String> interpretation(List<CompareRow> rows) {
        List<String> out = new ArrayList<>();
        out.add(throughputSentence(rows));
        out.add(pollSentence(rows));
        return out;
    }

    private static String throughputSentence(List<CompareRow> rows) {
        List<CompareRow> byRate = new ArrayList<>(rows);
        byRate.sort(Comparator.comparingDouble(CompareRow::roundTripsPerSecond).reversed());
        CompareRow best = byRate.get(0);
        CompareRow worst = byRate.get(byRate.size() - 1);
        String efficiency = "";
        CompareRow lean = rows.stream().filter(r -> !Double.isNaN(r.roundTripsPerCpuSecond()))
                .max(Comparator.comparingDouble(CompareRow::roundTripsPerCpuSecond)).orElse(null);
        if (lean != null) {
            efficiency = "; per server CPU second " + lean.label() + " did the most work ("
                    + grouped(lean.roundTripsPerCpuSecond()) + " round trips)";
        }
        if (rows.size() == 1) {
            return "Only " + best.label() + " ran: " + grouped(best.roundTripsPerSecond()) + " round trips/s at p99 "
                    + micros(best.p99Nanos()) + " µs" + efficiency + ".";
        }
        double factor = worst.roundTripsPerSecond() > 0 ? best.roundTripsPerSecond() / worst.roundTripsPerSecond()
                : Double.POSITIVE_INFINITY;
        return best.label() + " served the most round trips (" + grouped(best.roundTripsPerSecond()) + "/s, p99 "
                + micros(best.p99Nanos()) + " µs), " + times(factor) + " as many as " + worst.label() + ", which served the fewest ("
                + grouped(worst.roundTripsPerSecond()) + "/s, p99 " + micros(worst.p99Nanos()) + " µs)" + efficiency
                + ".";
    }

    private static String pollSentence(List<CompareRow> rows) {
        List<CompareRow> measured = new ArrayList<>();
        for (CompareRow r : rows) {
            if (r.roundTrips() > 0) {
                measured.add(r);
            }
        }
        if (measured.isEmpty()) {
            return "No round trip completed, so there is nothing to say about poll calls.";
        }
        CompareRow fewest = measured.stream().min(Comparator.comparingDouble(CompareRow::pollsPerRoundTrip)).get();
        CompareRow most = measured.stream().max(Comparator.comparingDouble(CompareRow::pollsPerRoundTrip)).get();
        StringBuilder s = new StringBuilder();
        if (fewest == most) {
            s.append(fewest.label()).append(" made ").append(fixed(fewest.pollsPerRoundTrip(), 3))
                    .append(" poll calls per round trip (").append(fixed(fewest.eventsPerPoll(), 1))
                    .append(" events per call)");
        } else {
            s.append(fewest.label()).append(" needed the fewest poll calls per round trip (")
                    .append(fixed(fewest.pollsPerRoundTrip(), 3)).append(", ").append(fixed(fewest.eventsPerPoll(), 1))
                    .append(" events per call), ").append(most.label()).append(" the most (")
                    .append(fixed(most.pollsPerRoundTrip(), 3)).append(", ")
                    .append(percentMore(most.pollsPerRoundTrip(), fewest.pollsPerRoundTrip())).append(")");
        }
        double oneshot = meanChanges(measured, true);
        double other = meanChanges(measured, false);
        if (!Double.isNaN(oneshot) && !Double.isNaN(other)) {
            s.append(", and the oneshot modes made ").append(fixed(oneshot, 2))
                    .append(" interest changes per round trip (the re-arm after every event) against ")
                    .append(fixed(other, 2)).append(" for level and edge.");
        } else {
            double all = Double.isNaN(oneshot) ? other : oneshot;
            s.append(", with ").append(fixed(all, 2)).append(" interest changes per round trip on average.");
        }
        return s.toString();
    }

    private static double meanChanges(List<CompareRow> rows, boolean oneshot) {
        double sum = 0;
        int n = 0;
        for (CompareRow r : rows) {
            if (r.mode().isOneshot() == oneshot) {
                sum += r.changesPerRoundTrip();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * @param settings what ran
     * @param header the description line printed above the table
     * @param rows the results
     * @return the results as one JSON object
     */
    public static String json(Comparison.Settings settings, String header, List<CompareRow> rows) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("command").value("fdmux compare");
        w.name("description").value(header);
        w.name("connections").value(settings.connections());
        w.name("messageBytes").value(settings.size());
        w.name("seconds").value(settings.measure().toMillis() / 1000.0);
        w.name("warmupSeconds").value(settings.warmup().toMillis() / 1000.0);
        w.name("machine").beginObject()
                .name("os").value(System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .name("arch").value(System.getProperty("os.arch"))
                .name("java").value(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .name("cpus").value(Runtime.getRuntime().availableProcessors())
                .endObject();
        w.name("rows").beginArray();
        for (CompareRow r : rows) {
            w.beginObject()
                    .name("backend").value(r.backend().name())
                    .name("mode").value(r.mode().id())
                    .name("support").value(r.support().name().toLowerCase(Locale.ROOT))
                    .name("seconds").value(r.seconds())
                    .name("roundTrips").value(r.roundTrips())
                    .name("roundTripsPerSecond").value(r.roundTripsPerSecond())
                    .name("p50Micros").value(r.p50Nanos() / 1000.0)
                    .name("p99Micros").value(r.p99Nanos() / 1000.0)
                    .name("polls").value(r.polls())
                    .name("events").value(r.events())
                    .name("changes").value(r.changes())
                    .name("wakeups").value(r.wakeups())
                    .name("pollsPerRoundTrip").value(r.pollsPerRoundTrip())
                    .name("eventsPerPoll").value(r.eventsPerPoll())
                    .name("changesPerRoundTrip").value(r.changesPerRoundTrip())
                    .name("cpuSeconds").value(r.cpuSeconds())
                    .name("allocatedBytes").value(r.allocatedBytes())
                    .name("allocatedBytesPerRoundTrip").value(r.allocatedBytesPerRoundTrip())
                    .name("errors").value(r.errors())
                    .endObject();
        }
        w.endArray();
        w.name("interpretation").beginArray();
        for (String s : interpretation(rows)) {
            w.value(s);
        }
        w.endArray();
        return w.endObject().toString();
    }

    static String grouped(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,d", Math.round(v)) : "-";
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    static String micros(long nanos) {
        double us = nanos / 1000.0;
        return us < 100 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%,d", Math.round(us));
    }

    private static String times(double factor) {
        return Double.isFinite(factor) ? String.format(Locale.ROOT, "%.2f×", factor) : "infinitely many times";
    }

    private static String percentMore(double more, double fewer) {
        if (fewer <= 0) {
            return "against none";
        }
        return String.format(Locale.ROOT, "%.0f%% more", (more / fewer - 1) * 100);
    }
}
