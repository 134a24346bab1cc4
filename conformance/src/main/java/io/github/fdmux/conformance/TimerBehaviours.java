package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.Expect.fail;

import io.github.fdmux.EventSource;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timers ({@link Poller#registerTimer}): never early, late by no more than the poll's resolution,
 * periods that do not drift, expirations counted while nobody polls, cancel, deadline order at
 * scale, and a poll's cost independent of the number of pending timers. Sources have no mode: these
 * run once per backend (in {@link Mode#LEVEL}, which every backend has).
 */
final class TimerBehaviours {
    static final String GROUP = "Timers, signals, processes and user events";
    /** How many timers the scale behaviours register. */
    static final int MANY_TIMERS = 10_000;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Deadlines closer than this may be reported in either order: kernel timers expire per CPU
     * (a timerfd's hrtimer is queued on the CPU that armed it), and one CPU's timer interrupt can come
     * tens of microseconds after another's (observed: 12 and 21 µs on EPOLL and libkqueue, Linux 6.18).
     */
    private static final long ORDER_TOLERANCE = 2 * MS;

    private TimerBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("timerFiresOnTimeNeverEarly").group(GROUP).modes(Mode.LEVEL)
                        .description("10 one-shot timers of 5 to 23 ms, one after another: each is reported once with"
                                + " count 1, never before its delay has passed, the least late of them within the"
                                + " backend's timeout resolution + 2 ms and none more than 250 ms late; a once timer is"
                                + " silent afterwards.")
                        .asserts(TimerBehaviours::firesOnTime),

                Behaviour.named("periodicTimerDoesNotDrift").group(GROUP).modes(Mode.LEVEL)
                        .description("A 5 ms periodic timer polled for 100.5 periods (and left unpolled for two"
                                + " periods every tenth poll): the expirations counted are never more than the"
                                + " deadlines passed, and at most one fewer (the schedule drifts less than one period"
                                + " in 100).")
                        .asserts(TimerBehaviours::doesNotDrift),

                Behaviour.named("expirationsWhileNobodyPolledAreOneEventWithTheirCount").group(GROUP).modes(Mode.LEVEL)
                        .description("A 10 ms periodic timer nobody polls for ~105 ms: the next poll reports it once,"
                                + " with a count equal to the deadlines passed (bounded by the elapsed time on both"
                                + " sides, 2 ms allowed for the kernel's notice).")
                        .asserts(TimerBehaviours::countsWhileUnpolled),

                Behaviour.named("cancelledTimerNeverReports").group(GROUP).modes(Mode.LEVEL)
                        .description("cancel() of a 1 ms periodic timer that has already expired (kernel readiness"
                                + " queued), of a once timer before its deadline, and of a 300 ms timer from another"
                                + " thread while a poll blocks (its deadline then passes): no event of any of them is"
                                + " reported afterwards.")
                        .asserts(TimerBehaviours::cancelStops),

                Behaviour.named("tenThousandTimersFireInDeadlineOrder").group(GROUP).modes(Mode.LEVEL)
                        .description("10,000 one-shot timers registered in shuffled order, deadlines 0.1 ms apart over"
                                + " one second: each is reported once, never early, and never two or more polls after"
                                + " one whose deadline is more than 2 ms later (events of one poll are simultaneous,"
                                + " the next poll may hold one that became due during the scan, and kernel timers"
                                + " expire per CPU)."
                                + " Where timers are fds, RLIMIT_NOFILE is raised first and, out of fds (EMFILE), as"
                                + " many as fit are checked.")
                        .asserts(TimerBehaviours::manyInDeadlineOrder),

                Behaviour.named("pollCostDoesNotGrowWithPendingTimers").group(GROUP).modes(Mode.LEVEL)
                        .description("pollNow() with 10 and with 10,000 pending far-future timers (two pollers,"
                                + " measured alternately): the 10,000 add less than a quarter of the cost of one pass"
                                + " over their registrations (measured alongside, so an O(number of timers) poll fails"
                                + " on any machine) and the ratio of the two costs stays under 2.")
                        .asserts(f -> {
                            PollCost.assertIndependentOfPendingTimers(f, MANY_TIMERS);
                        }));
    }

    private static void firesOnTime(Fixture f) throws Exception {
        Poller p = f.poller();
        long resolution = p.capabilities().timeoutResolution().toNanos();
        long leastLate = Long.MAX_VALUE;
        List<Registration> once = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long delay = (5 + 2 * i) * MS;
            long t0 = System.nanoTime();
            Registration r = p.registerTimer(Duration.ofNanos(delay), Duration.ZERO, i);
            once.add(r);
            ReadyEvent e = f.pollFor(r, Fixture.EVENT_MILLIS);
            long t1 = System.nanoTime();
            if (e == null) {
                fail("a " + delay / MS + " ms timer was not reported within " + Fixture.EVENT_MILLIS + " ms: " + r);
            }
            assertEquals(EventSource.TIMER, e.source(), "the event's source");
            assertEquals(1, e.count(), "a once timer's count");
            assertEquals(i, e.attachment(), "the attachment");
            long late = t1 - t0 - delay;
            if (late < 0) {
                fail("a " + delay / MS + " ms timer was reported " + -late + " ns early");
            }
            if (late > 250 * MS) {
                fail("a " + delay / MS + " ms timer was reported " + late / MS + " ms late");
            }
            leastLate = Math.min(leastLate, late);
        }
        long bound = resolution + 2 * MS;
        assertTrue(leastLate <= bound, "the least late of 10 timers was " + leastLate / 1000 + " µs late, more than the"
                + " timeout resolution " + resolution / 1000 + " µs + 2 ms");
        for (ReadyEvent e : f.poll(Fixture.QUIET_MILLIS)) {
            fail("a once timer reported again: " + e);
        }
        for (Registration r : once) {
            assertTrue(r.isValid(), "a once timer that fired stays registered (silent) until cancelled: " + r);
        }
    }

    private static void doesNotDrift(Fixture f) throws Exception {
        long period = 5 * MS;
        PeriodicTimer timer = PeriodicTimer.start(f.poller(), period);
        Registration r = timer.registration();
        long end = timer.registeredFrom() + 100 * period + period / 2;
        long total = 0;
        for (int polls = 1; System.nanoTime() - end < 0; polls++) {
            if (polls % 10 == 0) {
                Fixture.sleep(2 * period / MS); // nobody polls for two periods: their expirations must still count
            }
            long left = Math.max(0, end - System.nanoTime());
            total += countOf(r, f.poll(TimeUnit.NANOSECONDS.toMillis(left + MS - 1)));
        }
        long tb = System.nanoTime();
        total += countOf(r, f.poll(0));
        long ta = System.nanoTime();
        long passedForSure = timer.passedForSure(tb);
        long passedAtMost = timer.passedAtMost(ta);
        assertTrue(total <= passedAtMost, total + " expirations counted but only " + passedAtMost
                + " deadlines had passed: a timer fired early");
        assertTrue(total >= passedForSure - 1, total + " expirations counted after " + passedForSure
                + " deadlines: the schedule drifted by more than one period");
    }

    private static void countsWhileUnpolled(Fixture f) throws Exception {
        PeriodicTimer timer = PeriodicTimer.start(f.poller(), 10 * MS);
        Registration r = timer.registration();
        Fixture.sleep(105); // the situation under test: nobody polls while the timer expires ten times
        long tb = System.nanoTime();
        List<ReadyEvent> events = f.poll(0);
        long ta = System.nanoTime();
        ReadyEvent mine = null;
        for (ReadyEvent e : events) {
            assertTrue(mine == null, "the timer was reported twice in one poll: " + events);
            assertEquals(r, e.registration(), "the only registration");
            mine = e;
        }
        if (mine == null) {
            fail("nothing reported after ~10 expirations nobody polled");
        }
        long atLeast = timer.passedForSure(tb - 2 * MS);
        long atMost = timer.passedAtMost(ta);
        assertTrue(mine.count() >= atLeast && mine.count() <= atMost, "count " + mine.count() + ", expected "
                + atLeast + " to " + atMost + " (the deadlines passed before and after the poll)");
        assertTrue(mine.count() >= 2, "count " + mine.count() + " after ~10 periods");
    }

    private static void cancelStops(Fixture f) throws Exception {
        Poller p = f.poller();
        Registration expired = p.registerTimer(Duration.ZERO, Duration.ofMillis(1), "expired");
        Fixture.sleep(5); // let it expire a few times: the kernel (or the heap) holds it ready
        assertTrue(expired.cancel(), "first cancel");
        assertFalse(expired.cancel(), "second cancel");
        assertFalse(expired.isValid());
        Registration pending = p.registerTimer(Duration.ofMillis(30), Duration.ZERO, "pending");
        assertTrue(pending.cancel());
        Registration blocked = p.registerTimer(Duration.ofMillis(300), Duration.ZERO, "blocked");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        assertTrue(f.poll(0).isEmpty(), "nothing due yet"); // also takes the wakeups the changes above left
        CompletableFuture<List<ReadyEvent>> inThread = Fixture.pollInThread(p);
        Fixture.awaitBlocked(p);
        assertTrue(blocked.cancel());
        // Let the cancelled timer's deadline pass (the poll may have returned at the cancel already), then end the poll.
        Fixture.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 50);
        p.wakeup();
        List<ReadyEvent> got = inThread.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue(got.isEmpty(), "the blocked poll reported a cancelled timer: " + got);
        List<ReadyEvent> later = f.poll(Fixture.QUIET_MILLIS);
        assertTrue(later.isEmpty(), "cancelled timers reported: " + later);
    }

    private static void manyInDeadlineOrder(Fixture f) throws Exception {
        Poller p = f.poller();
        long step = 100_000; // 0.1 ms
        long base = 300 * MS;
        int[] order = shuffled(MANY_TIMERS);
        List<Registration> timers = ManyTimers.register(p, MANY_TIMERS, i -> base + order[i] * step);
        int n = timers.size();
        int[] pollOf = new int[n];
        java.util.Arrays.fill(pollOf, -1);
        java.util.Map<Registration, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(timers.get(i), i);
        }
        ReadyEvents ev = new ReadyEvents(4096);
        long giveUp = System.nanoTime() + base + MANY_TIMERS * step + TimeUnit.MILLISECONDS.toNanos(Fixture.EVENT_MILLIS);
        int seen = 0;
        int poll = 0;
        // The latest deadline (lower bound) reported by each poll so far, to find reports out of order.
        long[] latestByPoll = new long[1024];
        while (seen < n && System.nanoTime() - giveUp < 0) {
            int k = p.poll(ev, 1_000);
            long returned = System.nanoTime();
            if (k == 0) {
                continue;
            }
            if (poll == latestByPoll.length) {
                latestByPoll = java.util.Arrays.copyOf(latestByPoll, poll * 2);
            }
            long latest = poll == 0 ? Long.MIN_VALUE : latestByPoll[poll - 1];
            for (int i = 0; i < k; i++) {
                Integer at = index.get(ev.registration(i));
                if (at == null) {
                    fail("an event of something not registered here: " + ev.get(i));
                }
                long[] bounds = (long[]) ev.attachment(i);
                if (pollOf[at] >= 0) {
                    fail("timer " + at + " reported twice (polls " + pollOf[at] + " and " + poll + ")");
                }
                assertEquals(1, ev.count(i), "a once timer's count");
                if (bounds[0] - returned > 0) {
                    fail("timer " + at + " reported " + (bounds[0] - returned) / 1000 + " µs before its deadline");
                }
                if (poll >= 2 && bounds[1] + ORDER_TOLERANCE - latestByPoll[poll - 2] < 0) {
                    fail("timer " + at + " was reported in poll " + poll + ", its deadline "
                            + (latestByPoll[poll - 2] - bounds[1]) / 1000 + " µs before that of a timer reported by"
                            + " poll " + (poll - 2) + ": not in deadline order");
                }
                pollOf[at] = poll;
                latest = Math.max(latest, bounds[0]);
                seen++;
            }
            latestByPoll[poll] = latest;
            poll++;
        }
        assertEquals(n, seen, "timers reported within " + Fixture.EVENT_MILLIS + " ms of the last deadline");
        for (Registration r : timers) {
            r.cancel();
        }
    }

    /** @return 0..n-1 in a fixed pseudo-random order */
    static int[] shuffled(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        java.util.Random random = new java.util.Random(14);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * A periodic timer and the clock readings just before and just after its registration: its
     * deadlines fall at k * period after a start somewhere between the two, so the deadlines passed by
     * a later reading are bounded on both sides.
     */
    private record PeriodicTimer(Registration registration, long period, long registeredFrom, long registeredBy) {
        static PeriodicTimer start(Poller p, long period) throws java.io.IOException {
            long from = System.nanoTime();
            Registration r = p.registerTimer(Duration.ofNanos(period), Duration.ofNanos(period), null);
            return new PeriodicTimer(r, period, from, System.nanoTime());
        }

        /** @return the deadlines that had passed by {@code now} even if the timer started as late as it could */
        long passedForSure(long now) {
            return (now - registeredBy) / period;
        }

        /** @return the deadlines that can have passed by {@code now} if the timer started as early as it could */
        long passedAtMost(long now) {
            return (now - registeredFrom) / period;
        }
    }

    private static long countOf(Registration r, List<ReadyEvent> events) {
        long total = 0;
        for (ReadyEvent e : events) {
            if (e.registration() != r) {
                fail("an event of something else: " + e);
            }
            assertEquals(EventSource.TIMER, e.source(), "the event's source");
            assertTrue(e.count() >= 1, "count " + e.count());
            total += e.count();
        }
        return total;
    }
}
