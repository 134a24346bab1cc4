package io.github.fdmux.cli.compare;

import java.util.Arrays;
import java.util.List;

/**
 * One row of {@code fdmux compare} over its rounds: the median and the spread of the round-trip
 * rate, median latencies, and the counters summed over the rounds (ratios of sums, which small
 * rounds cannot skew).
 *
 * @param name   the backend or baseline, e.g. {@code EPOLL}, {@code THREADS}
 * @param mode   its mode, e.g. {@code level}, {@code blocking}
 * @param oneshot whether the mode re-arms after every event
 * @param hasPoller whether the server waits in a poller (false for the baselines)
 * @param rounds the rounds measured, in order
 * @param absent null if it ran, else why it could not (not available here, above FD_SETSIZE, ...)
 */
public record RowSummary(String name, String mode, boolean oneshot, boolean hasPoller, List<CompareRow> rounds,
        String absent) {

    /**
     * @param name      the backend or baseline
     * @param mode      its mode
     * @param oneshot   whether the mode re-arms after every event
     * @param hasPoller whether the server waits in a poller
     * @param rounds    the rounds
     * @param absent    why it did not run, or null
     */
    public RowSummary {
        rounds = List.copyOf(rounds);
    }

    /** @return e.g. {@code "EPOLL level"} */
    public String label() {
        return name + " " + mode;
    }

    /** @return whether it has figures */
    public boolean ran() {
        return absent == null && !rounds.isEmpty();
    }

    private double[] rates() {
        return rounds.stream().mapToDouble(CompareRow::roundTripsPerSecond).sorted().toArray();
    }

    /** @return the median round's round trips per second (the mean of the middle two for an even count) */
    public double medianRate() {
        return median(rates());
    }

    /** @return the slowest round's round trips per second */
    public double minRate() {
        double[] r = rates();
        return r.length == 0 ? Double.NaN : r[0];
    }

    /** @return the fastest round's round trips per second */
    public double maxRate() {
        double[] r = rates();
        return r.length == 0 ? Double.NaN : r[r.length - 1];
    }

    /** @return half the range of the rounds' rates, relative to the median: the "±" of the table */
    public double spread() {
        return rounds.size() < 2 ? Double.NaN : (maxRate() - minRate()) / 2 / medianRate();
    }

    /** @return the median of the rounds' median latencies */
    public long p50Nanos() {
        return (long) median(rounds.stream().mapToDouble(CompareRow::p50Nanos).sorted().toArray());
    }

    /** @return the median of the rounds' 99th percentile latencies */
    public long p99Nanos() {
        return (long) median(rounds.stream().mapToDouble(CompareRow::p99Nanos).sorted().toArray());
    }

    private long roundTrips() {
        return rounds.stream().mapToLong(CompareRow::roundTrips).sum();
    }

    private long sum(java.util.function.ToLongFunction<CompareRow> f) {
        long s = 0;
        for (CompareRow r : rounds) {
            long v = f.applyAsLong(r);
            if (v < 0) {
                return -1;
            }
            s += v;
        }
        return s;
    }

    /** @return server poll calls per round trip, NaN without a poller */
    public double pollsPerRoundTrip() {
        return ratio(sum(CompareRow::polls), roundTrips());
    }

    /** @return events per server poll call, NaN without a poller */
    public double eventsPerPoll() {
        return ratio(sum(CompareRow::events), sum(CompareRow::polls));
    }

    /** @return interest changes per round trip, NaN without a poller */
    public double changesPerRoundTrip() {
        return ratio(sum(CompareRow::changes), roundTrips());
    }

    /** @return wakeups over all rounds, -1 without a poller */
    public long wakeups() {
        return sum(CompareRow::wakeups);
    }

    /** @return the server threads' CPU microseconds per round trip, NaN if unknown */
    public double cpuMicrosPerRoundTrip() {
        long cpu = sum(CompareRow::cpuNanos);
        return cpu < 0 ? Double.NaN : ratio(cpu, roundTrips()) / 1000;
    }

    /** @return heap bytes the server allocated per round trip, NaN if unknown */
    public double allocatedBytesPerRoundTrip() {
        return ratio(sum(CompareRow::allocatedBytes), roundTrips());
    }

    /** @return the most live platform threads seen at the end of a round */
    public int threads() {
        return rounds.stream().mapToInt(CompareRow::threads).max().orElse(0);
    }

    /** @return the largest RSS seen at the end of a round, -1 if unknown */
    public long rssBytes() {
        return rounds.stream().mapToLong(CompareRow::rssBytes).max().orElse(-1);
    }

    /** @return failed client connections over all rounds */
    public long errors() {
        return rounds.stream().mapToLong(CompareRow::errors).sum();
    }

    private static double ratio(long a, long b) {
        return a < 0 || b <= 0 ? Double.NaN : (double) a / b;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = n > 1 && !isSorted(sorted) ? Arrays.stream(sorted).sorted().toArray() : sorted;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static boolean isSorted(double[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
