package io.github.fdmux.poll;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.conformance.Resources;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.ResourceLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 registrations: 5,000 AF_UNIX socket pairs with both ends registered. A known subset is
 * made ready and exactly that subset must come back, through an event buffer far smaller than it.
 */
class PollScaleTest {
    private static final int PAIRS = 5_000;
    private static final int FDS = 2 * PAIRS;
    /** Every 7th pair gets a byte: its first end (only) becomes readable. */
    private static final int STRIDE = 7;

    private final List<int[]> pairs = new ArrayList<>();
    private final Resources resources = new Resources();
    private PollPoller poller;

    @BeforeEach
    void open() throws Exception {
        PollBackendProvider provider = assumeAvailable(new PollBackendProvider());
        long wanted = FDS + 1_000L; // the JVM's own fds, the wakeup, the listing of /proc/self/fd
        long soft = ResourceLimits.raiseNoFile(wanted);
        assumeTrue(soft >= wanted, () -> "RLIMIT_NOFILE can only be raised to " + soft + " (hard limit "
                + hardLimit() + "); this test needs " + wanted + " for " + FDS + " fds");
        poller = (PollPoller) provider.open("scale test");
        for (int i = 0; i < PAIRS; i++) {
            pairs.add(resources.rawSocketPair());
        }
    }

    private static String hardLimit() {
        try {
            return String.valueOf(ResourceLimits.noFile()[1]);
        } catch (Exception e) {
            return "unknown: " + e;
        }
    }

    @AfterEach
    void close() throws Exception {
        try (Resources r = resources) {
            if (poller != null) {
                poller.close();
            }
        }
    }

    /** Like assertEquals on sets, with a message of a sensible size for thousands of elements. */
    private static void assertSameSet(Set<Registration> expected, Set<Registration> actual, String what) {
        Set<Registration> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        Set<Registration> extra = new HashSet<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> what + ": " + missing.size() + " missing (e.g. "
                + missing.stream().findFirst().orElse(null) + "), " + extra.size() + " unexpected (e.g. "
                + extra.stream().findFirst().orElse(null) + ")");
    }

    @Test
    void tenThousandRegistrationsReportExactlyTheReadySubset() throws Exception {
        Set<Registration> ready = new HashSet<>();
        List<Registration> all = new ArrayList<>(FDS);
        for (int i = 0; i < PAIRS; i++) {
            int[] sp = pairs.get(i);
            Registration a = poller.register(sp[0], Interest.READ, Mode.LEVEL, i);
            Registration b = poller.register(sp[1], Interest.READ, Mode.LEVEL, -i);
            all.add(a);
            all.add(b);
            if (i % STRIDE == 0) {
                ready.add(a);
            }
        }
        assertEquals(FDS + 1, poller.array().size(), "one pollfd per registration, plus the wakeup");
        ReadyEvents big = new ReadyEvents(2048);
        assertEquals(0, poller.pollNow(big), "nothing ready yet");

        for (int i = 0; i < PAIRS; i += STRIDE) {
            Fds.writeBytes(pairs.get(i)[1], 1);
        }
        // One poll with room for all: exactly the ready ones, each once, readable.
        long t0 = System.nanoTime();
        int n = poller.poll(big, 5_000);
        long pollMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        assertEquals(ready.size(), n, "count of ready registrations out of " + FDS);
        Set<Registration> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            assertTrue(big.isReadable(i), "readable: " + big.get(i));
            assertTrue(seen.add(big.registration(i)), "reported once: " + big.get(i));
        }
        assertSameSet(ready, seen, "exactly the ready subset");

        // Through a buffer of 256: LEVEL keeps all of them ready (every poll fills the buffer), and
        // the rotating scan start must still reach the ones late in the array within
        // ceil(715 / 256) = 3 polls.
        ReadyEvents small = new ReadyEvents(256);
        Set<Registration> rotated = new HashSet<>();
        int polls = (ready.size() + small.capacity() - 1) / small.capacity();
        for (int p = 0; p < polls; p++) {
            int m = poller.poll(small, 5_000);
            assertEquals(small.capacity(), m, "poll " + p + " fills the buffer");
            for (int i = 0; i < m; i++) {
                assertTrue(ready.contains(small.registration(i)), "only ready ones: " + small.get(i));
                rotated.add(small.registration(i));
            }
        }
        assertSameSet(ready, rotated, "no ready fd starved behind the first 256");

        // Time one poll(2) over 10,001 entries with nothing to report (for the record).
        for (int i = 0; i < PAIRS; i += STRIDE) {
            assertEquals(1, Fds.drain(pairs.get(i)[0]));
        }
        t0 = System.nanoTime();
        assertEquals(0, poller.pollNow(big));
        long idleMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        System.out.printf("POLL over %d fds: %d ready in one poll took %d µs; an idle pollNow %d µs%n",
                FDS, ready.size(), pollMicros, idleMicros);

        // Cancel them all (each O(1)): the array compacts back to the wakeup alone.
        t0 = System.nanoTime();
        for (Registration r : all) {
            assertTrue(r.cancel());
        }
        long cancelMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        System.out.printf("POLL: cancelling %d registrations took %d µs%n", FDS, cancelMicros);
        synchronized (poller.lock()) {
            assertEquals(1, poller.array().size());
            assertEquals(PollfdArray.MIN_CAPACITY, poller.array().capacity());
        }
    }

    @Test
    void cancellingHalfInRandomOrderKeepsTheRestExact() throws Exception {
        List<Registration> regs = new ArrayList<>();
        for (int[] sp : pairs) {
            regs.add(poller.register(sp[0], Interest.READ, Mode.ONESHOT, sp));
        }
        java.util.Collections.shuffle(regs, new java.util.Random(7));
        List<Registration> kept = regs.subList(0, PAIRS / 2);
        for (Registration r : regs.subList(PAIRS / 2, PAIRS)) {
            r.cancel();
        }
        for (int[] sp : pairs) {
            Fds.writeBytes(sp[1], 1); // every first end readable, cancelled or not
        }
        ReadyEvents ev = new ReadyEvents(4096);
        int n = poller.poll(ev, 5_000);
        assertEquals(kept.size(), n, "only the registrations still live");
        Set<Registration> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(ev.registration(i));
            assertEquals(((int[]) ev.attachment(i))[0], ev.fd(i), "the event belongs to its own fd");
        }
        assertSameSet(new HashSet<>(kept), seen, "the live registrations");
        assertEquals(0, poller.pollNow(ev), "ONESHOT: all disarmed now");
    }
}
