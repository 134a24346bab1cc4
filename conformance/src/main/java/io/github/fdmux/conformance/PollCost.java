package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.fail;

import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a poll's cost grows with the number of pending timers: the scale behaviour
 * {@code pollCostDoesNotGrowWithPendingTimers}. A ratio of two timings alone either lets a cheap
 * O(n) loop pass or fails on a noisy machine, so the cost the many timers add is compared with the
 * cost of the cheapest thing an O(n) poll must do, one pass over the timers' registrations, measured
 * in the same run on the same machine. Every figure is the least of many blocks (noise only ever adds
 * time), and the two pollers are measured alternately.
 */
public final class PollCost {
    /** Pending timers on the "few" poller. */
    static final int FEW = 10;
    private static final int BLOCKS = 30;
    private static final int CALLS_PER_BLOCK = 100;
    private static final Duration FAR = Duration.ofHours(1);
    /** The added cost must stay below this fraction of one pass over the registrations. */
    static final double MAX_SHARE_OF_A_PASS = 0.25;
    /** ... and the cost with many timers below this multiple of the cost with few. */
    static final double MAX_RATIO = 2.0;

    private PollCost() {
    }

    /**
     * The figures of one measurement, in nanoseconds.
     *
     * @param few     one pollNow() with {@link #FEW} pending timers
     * @param many    one pollNow() with {@code count} pending timers
     * @param pass    one pass over the {@code count} registrations (isValid() and attachment() of each)
     * @param count   the pending timers of the second poller
     */
    public record Figures(double few, double many, double pass, int count) {
        /** @return what the pending timers add to a poll */
        public double added() {
            return many - few;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "pollNow() %.2f µs with %d pending timers, %.2f µs with %,d;"
                    + " one pass over the %,d registrations %.2f µs", few / 1e3, FEW, many / 1e3, count, count,
                    pass / 1e3);
        }
    }

    static void assertIndependentOfPendingTimers(Fixture f, int count) throws IOException {
        Poller few = f.anotherPoller();
        for (int i = 0; i < FEW; i++) {
            few.registerTimer(FAR, Duration.ZERO, null);
        }
        List<Registration> timers = ManyTimers.register(f.poller(), count, i -> FAR.toNanos());
        judge(measure(few, f.poller(), timers));
    }

    /**
     * Fails unless the pending timers add less than {@link #MAX_SHARE_OF_A_PASS} of a pass over
     * them, and less than {@link #MAX_RATIO} times the cost with few timers.
     *
     * @param m the figures
     */
    public static void judge(Figures m) {
        if (m.added() >= MAX_SHARE_OF_A_PASS * m.pass() || m.many() >= MAX_RATIO * m.few()) {
            fail("a poll's cost grows with the number of pending timers: " + m + " (allowed: less than "
                    + (int) (MAX_SHARE_OF_A_PASS * 100) + " % of a pass added, and less than " + MAX_RATIO + " times)");
        }
    }

    /**
     * @param few a poller with {@link #FEW} far-future timers
     * @param many a poller with {@code timers}, far in the future
     * @param timers the registrations of {@code many}
     * @return the figures
     * @throws IOException if a poll fails
     */
    public static Figures measure(Poller few, Poller many, List<Registration> timers) throws IOException {
        ReadyEvents ev = new ReadyEvents(16);
        List<Registration> list = new ArrayList<>(timers);
        long sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            sink += block(few, ev) + block(many, ev) + pass(list);
        }
        long bestFew = Long.MAX_VALUE;
        long bestMany = Long.MAX_VALUE;
        long bestPass = Long.MAX_VALUE;
        for (int b = 0; b < BLOCKS; b++) {
            bestFew = Math.min(bestFew, block(few, ev));
            bestMany = Math.min(bestMany, block(many, ev));
            long t0 = System.nanoTime();
            sink += pass(list);
            bestPass = Math.min(bestPass, System.nanoTime() - t0);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the passes from being optimised away
        }
        return new Figures(bestFew / (double) CALLS_PER_BLOCK, bestMany / (double) CALLS_PER_BLOCK, bestPass,
                timers.size());
    }

    /** @return nanoseconds for {@link #CALLS_PER_BLOCK} pollNow() calls, each of which must find nothing */
    private static long block(Poller p, ReadyEvents ev) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS_PER_BLOCK; i++) {
            if (p.pollNow(ev) != 0) {
                fail("a far-future timer was reported: " + ev);
            }
        }
        return System.nanoTime() - t0;
    }

    /** The least an O(n) poll does: look at every registration once. */
    private static long pass(List<Registration> timers) {
        long n = 0;
        for (int i = 0; i < timers.size(); i++) {
            Registration r = timers.get(i);
            if (r.isValid() && r.attachment() != null) {
                n++;
            }
        }
        return n;
    }
}
