package io.github.fdmux.cli.compare;

import static io.github.fdmux.cli.compare.CompareReport.fixed;
import static io.github.fdmux.cli.compare.CompareReport.grouped;
import static io.github.fdmux.cli.compare.CompareReport.percent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The sentences under the table, computed from it. A row is named the winner only when its
 * slowest round beat the runner-up's fastest: the difference is then larger than both rows'
 * round-to-round spread. Otherwise the rows are said to be indistinguishable on this machine,
 * which is what a noisy machine deserves. Then why, from the counters: poll calls per round trip,
 * events per call, interest changes, CPU per round trip, threads.
 */
public final class Verdict {
    /** Counters that differ by less than this fraction are "alike". */
    private static final double ALIKE = 0.10;

    private Verdict() {
    }

    /**
     * @param rows the results
     * @return the verdict, why, and what the poll counters say
     */
    public static List<String> sentences(List<RowSummary> rows) {
        List<RowSummary> ranked = CompareReport.byMedian(rows);
        List<String> out = new ArrayList<>();
        if (ranked.isEmpty()) {
            out.add("No row completed a round, so there is no verdict.");
            return out;
        }
        out.add(verdict(ranked));
        RowSummary[] pair = explainedPair(ranked);
        if (pair != null) {
            out.add(explain(pair[0], pair[1]));
        }
        String polls = pollSentence(ranked);
        if (polls != null) {
            out.add(polls);
        }
        return out;
    }

    /** @return whether a's slowest round beat b's fastest */
    static boolean clearlyAhead(RowSummary a, RowSummary b) {
        return a.rounds().size() >= 2 && b.rounds().size() >= 2 && a.minRate() > b.maxRate();
    }

    private static String verdict(List<RowSummary> ranked) {
        RowSummary best = ranked.get(0);
        int n = best.rounds().size();
        if (ranked.size() == 1) {
            return "Only " + best.label() + " ran: a median of " + grouped(best.medianRate()) + " round trips/s over "
                    + rounds(n) + spreadText(best) + ", p99 " + CompareReport.micros(best.p99Nanos()) + " µs.";
        }
        RowSummary second = ranked.get(1);
        if (n < 2 || second.rounds().size() < 2) {
            return best.label() + " had the highest rate (" + grouped(best.medianRate()) + " round trips/s), but with a"
                    + " single round there is no spread to judge the difference by: no verdict. Run --rounds 3 or"
                    + " more.";
        }
        if (clearlyAhead(best, second)) {
            double diff = best.medianRate() / second.medianRate() - 1;
            return best.label() + " served the most round trips: a median of " + grouped(best.medianRate())
                    + "/s over " + rounds(n) + " (slowest round " + grouped(best.minRate()) + "/s), ahead of "
                    + second.label() + " (median " + grouped(second.medianRate()) + "/s, fastest round "
                    + grouped(second.maxRate()) + "/s): " + percent(diff) + " more, a difference larger than the"
                    + " round-to-round spread of either row (±" + percent(best.spread()) + ", ±"
                    + percent(second.spread()) + "), so it holds on this machine.";
        }
        List<RowSummary> tied = new ArrayList<>();
        List<RowSummary> behind = new ArrayList<>();
        for (RowSummary r : ranked) {
            (clearlyAhead(best, r) ? behind : tied).add(r);
        }
        StringBuilder s = new StringBuilder();
        s.append(names(tied)).append(" are indistinguishable on this machine: their rounds overlap (");
        for (int i = 0; i < tied.size(); i++) {
            RowSummary r = tied.get(i);
            s.append(i > 0 ? ", " : "").append(r.label()).append(' ').append(grouped(r.minRate())).append('–')
                    .append(grouped(r.maxRate())).append("/s");
        }
        s.append("), so the order of their medians is noise; more --rounds or a quieter machine may separate them.");
        if (!behind.isEmpty()) {
            s.append(" Clearly slower: ").append(names(behind)).append(" (every round below ").append(best.label())
                    .append("'s slowest, ").append(grouped(best.minRate())).append("/s).");
        }
        return s.toString();
    }

    /**
     * The pair to explain: the winner and the runner-up, or else the fastest row and the slowest row
     * that is clearly behind it (the widest gap the noise does not cover).
     */
    private static RowSummary[] explainedPair(List<RowSummary> ranked) {
        if (ranked.size() < 2) {
            return null;
        }
        RowSummary best = ranked.get(0);
        if (clearlyAhead(best, ranked.get(1))) {
            return new RowSummary[] {best, ranked.get(1)};
        }
        for (int i = ranked.size() - 1; i > 0; i--) {
            if (clearlyAhead(best, ranked.get(i))) {
                return new RowSummary[] {best, ranked.get(i)}; // the slowest row that is clearly behind
            }
        }
        return null;
    }

    /**
     * @param w the faster row
     * @param l the slower row
     * @return why, from the counters
     */
    static String explain(RowSummary w, RowSummary l) {
        String cpu = "per round trip " + w.label() + " used " + fixed(w.cpuMicrosPerRoundTrip(), 1)
                + " µs of server CPU against " + l.label() + "'s " + fixed(l.cpuMicrosPerRoundTrip(), 1) + " µs";
        List<String> reasons = new ArrayList<>();
        if (!w.hasPoller() || !l.hasPoller()) {
            for (RowSummary r : new RowSummary[] {w, l}) {
                if (!r.hasPoller()) {
                    reasons.add(r.label() + " has no event loop: a thread per connection ("
                            + r.threads() + " JVM platform threads at the end of a round) blocks in read, "
                            + (r.name().equals("VIRTUAL") ? "and the JDK parks and unparks virtual threads over its"
                                    + " own poller" : "and every round trip costs the kernel a sleep and a wake-up"
                                    + " of that thread"));
                }
            }
        } else {
            if (less(w.pollsPerRoundTrip(), l.pollsPerRoundTrip())) {
                reasons.add(w.label() + " made fewer poll calls (" + fixed(w.pollsPerRoundTrip(), 3) + " against "
                        + fixed(l.pollsPerRoundTrip(), 3) + " per round trip: " + fixed(w.eventsPerPoll(), 1)
                        + " against " + fixed(l.eventsPerPoll(), 1) + " events per call)");
            }
            if (less(w.changesPerRoundTrip(), l.changesPerRoundTrip())) {
                reasons.add("fewer interest changes (" + fixed(w.changesPerRoundTrip(), 2) + " against "
                        + fixed(l.changesPerRoundTrip(), 2) + " per round trip"
                        + (l.oneshot() ? ": " + l.label() + " re-arms after every event" : "") + ")");
            }
            if (reasons.isEmpty()) {
                reasons.add("the poll and change counters are alike (" + fixed(w.pollsPerRoundTrip(), 3) + " against "
                        + fixed(l.pollsPerRoundTrip(), 3) + " poll calls, " + fixed(w.changesPerRoundTrip(), 2)
                        + " against " + fixed(l.changesPerRoundTrip(), 2) + " changes per round trip), so the"
                        + " difference is in what each call costs" + callCost(l));
            } else if (!callCost(l).isEmpty()) {
                reasons.add("and each call costs more" + callCost(l));
            }
        }
        return "Why: " + cpu + "; " + String.join("; ", reasons) + ".";
    }

    private static String callCost(RowSummary l) {
        switch (l.name()) {
            case "SELECT":
            case "POLL":
                return ": " + l.name().toLowerCase(Locale.ROOT) + "(2) hands the kernel every watched fd on every"
                        + " call and scans them all, however few are ready";
            case "NIO":
                return ": the JDK Selector adds its own bookkeeping (selected-key set, locks) on top of the kernel's"
                        + " epoll or kqueue";
            default:
                return "";
        }
    }

    /** @return whether a is smaller than b by more than {@link #ALIKE} */
    private static boolean less(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && a < b * (1 - ALIKE);
    }

    private static String pollSentence(List<RowSummary> ranked) {
        List<RowSummary> measured = new ArrayList<>();
        for (RowSummary r : ranked) {
            if (r.hasPoller() && Double.isFinite(r.pollsPerRoundTrip())) {
                measured.add(r);
            }
        }
        if (measured.isEmpty()) {
            return null;
        }
        RowSummary fewest = measured.stream().min(Comparator.comparingDouble(RowSummary::pollsPerRoundTrip)).get();
        RowSummary most = measured.stream().max(Comparator.comparingDouble(RowSummary::pollsPerRoundTrip)).get();
        StringBuilder s = new StringBuilder();
        if (fewest == most) {
            s.append(fewest.label()).append(" made ").append(fixed(fewest.pollsPerRoundTrip(), 3))
                    .append(" poll calls per round trip (").append(fixed(fewest.eventsPerPoll(), 1))
                    .append(" events per call)");
        } else {
            s.append(fewest.label()).append(" needed the fewest poll calls per round trip (")
                    .append(fixed(fewest.pollsPerRoundTrip(), 3)).append(", ").append(fixed(fewest.eventsPerPoll(), 1))
                    .append(" events per call), ").append(most.label()).append(" the most (")
                    .append(fixed(most.pollsPerRoundTrip(), 3)).append(")");
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

    private static double meanChanges(List<RowSummary> rows, boolean oneshot) {
        double sum = 0;
        int n = 0;
        for (RowSummary r : rows) {
            if (r.oneshot() == oneshot) {
                sum += r.changesPerRoundTrip();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * @param parameter the swept parameter
     * @param points the sweep's results
     * @return how each row's rate held up from the first value to the last
     */
    public static List<String> scaling(String parameter, List<Sweep.Point> points) {
        List<String> out = new ArrayList<>();
        if (points.size() < 2) {
            return out;
        }
        Sweep.Point first = points.get(0);
        Sweep.Point last = points.get(points.size() - 1);
        List<String> parts = new ArrayList<>();
        for (String label : Sweep.labels(points)) {
            RowSummary a = first.row(label);
            RowSummary b = last.row(label);
            if (a == null || !a.ran()) {
                continue;
            }
            if (b == null || !b.ran()) {
                int lastRan = first.value();
                for (Sweep.Point p : points) {
                    RowSummary r = p.row(label);
                    if (r != null && r.ran()) {
                        lastRan = p.value();
                    }
                }
                parts.add(label + " could not run beyond " + parameter + "=" + lastRan
                        + (b != null && b.absent() != null ? " (" + b.absent() + ")" : ""));
                continue;
            }
            parts.add(label + " keeps " + percent(b.medianRate() / a.medianRate()) + " of its rate ("
                    + fixed(a.cpuMicrosPerRoundTrip(), 1) + " → " + fixed(b.cpuMicrosPerRoundTrip(), 1)
                    + " µs of CPU per round trip)");
        }
        if (!parts.isEmpty()) {
            out.add("As " + parameter + " grows from " + first.value() + " to " + last.value() + ": "
                    + String.join("; ", parts) + ".");
        }
        return out;
    }

    private static String names(List<RowSummary> rows) {
        List<String> l = new ArrayList<>();
        for (RowSummary r : rows) {
            l.add(r.label());
        }
        if (l.size() == 1) {
            return l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    private static String rounds(int n) {
        return n + (n == 1 ? " round" : " rounds");
    }

    private static String spreadText(RowSummary r) {
        return Double.isFinite(r.spread()) ? " (±" + percent(r.spread()) + ")" : "";
    }
}
