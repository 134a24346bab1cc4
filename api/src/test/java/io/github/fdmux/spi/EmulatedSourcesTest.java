package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.EventSource;
import io.github.fdmux.Interest;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.UserEvent;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** fdmux's emulation of timers, processes and user events, against an in-memory backend. */
class EmulatedSourcesTest {

    @Test
    void aOnceTimerFiresOnceNeverEarlyThenIsSilent() throws Exception {
        MemoryPoller p = new MemoryPoller();
        long start = System.nanoTime();
        Registration t = p.registerTimer(Duration.ofMillis(30), Duration.ZERO, "t");
        assertEquals(EventSource.TIMER, t.source());
        assertEquals(-1, t.fd());
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(30), "fired after " + elapsed + " ns");
        assertSame(t, ev.registration(0));
        assertEquals(EventSource.TIMER, ev.source(0));
        assertEquals(1, ev.count(0));
        assertEquals("t", ev.attachment(0));
        assertTrue(ev.isReadable(0));
        assertEquals(0, p.poll(ev, 60, TimeUnit.MILLISECONDS));
    }

    @Test
    void aPeriodicTimerNobodyPolledReportsOnceWithItsCount() throws Exception {
        MemoryPoller p = new MemoryPoller();
        long start = System.nanoTime();
        p.registerTimer(Duration.ofMillis(10), Duration.ofMillis(10), null);
        ReadyEvents ev = new ReadyEvents(4);
        // Not polling for >= 55 ms: expirations at 10, 20, 30, 40, 50 ms at least.
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(55)) {
            Thread.onSpinWait();
        }
        assertEquals(1, p.poll(ev, 0));
        long expected = (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(10);
        assertTrue(ev.count(0) >= 5 && ev.count(0) <= expected, "count " + ev.count(0) + ", at most " + expected);
    }

    @Test
    void timersFireInDeadlineOrder() throws Exception {
        MemoryPoller p = new MemoryPoller();
        for (int i = 0; i < 200; i++) {
            long delay = TimeUnit.MICROSECONDS.toNanos((i * 7919L) % 200 * 250); // a permutation, 0..50 ms
            long[] bounds = new long[2]; // the deadline lies between these
            bounds[0] = System.nanoTime() + delay;
            p.registerTimer(Duration.ofNanos(delay), Duration.ZERO, bounds);
            bounds[1] = System.nanoTime() + delay;
        }
        ReadyEvents ev = new ReadyEvents(1);
        long[] previous = null;
        for (int seen = 0; seen < 200; seen++) {
            assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
            long now = System.nanoTime();
            long[] b = (long[]) ev.attachment(0);
            assertTrue(now - b[0] >= 0, "fired " + (b[0] - now) + " ns early");
            if (previous != null) {
                assertTrue(previous[0] - b[1] <= 0, "a later deadline fired first");
            }
            previous = b;
        }
        assertEquals(0, p.pollNow(ev));
    }

    @Test
    void aCancelledTimerNeverReports() throws Exception {
        MemoryPoller p = new MemoryPoller();
        Registration t = p.registerTimer(Duration.ZERO, Duration.ofMillis(1), null);
        assertTrue(t.cancel());
        assertFalse(t.cancel());
        assertFalse(t.isValid());
        assertEquals(0, p.poll(new ReadyEvents(4), 30, TimeUnit.MILLISECONDS));
    }

    // Triggers from 8 threads: the conformance behaviour triggersFromEightThreadsCoalesceAndNoneIsLost, on every
    // backend (NIO's user events are this emulation).

    @Test
    void aTriggerWakesAPollBlockedInAnotherThread() throws Exception {
        MemoryPoller p = new MemoryPoller();
        UserEvent u = p.registerUserEvent(null);
        ReadyEvents ev = new ReadyEvents(4);
        ExecutorService pollingThread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> got = pollingThread.submit(() -> p.poll(ev, Poller.FOREVER));
            while (!p.isWaitingInKernel()) {
                assertFalse(got.isDone(), "the poll returned before the trigger");
                Thread.onSpinWait();
            }
            u.trigger();
            assertEquals(1, got.get(5, TimeUnit.SECONDS));
        } finally {
            pollingThread.shutdownNow();
        }
        assertEquals(1, ev.count(0));
    }

    @Test
    void anExitedChildIsReportedOnceAndAnAlreadyExitedOneAtOnce() throws Exception {
        MemoryPoller p = new MemoryPoller();
        Process child = new ProcessBuilder("sh", "-c", "exit 3").start();
        child.waitFor();
        Registration r = p.registerProcess(child.toHandle(), "child");
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
        assertEquals(EventSource.PROCESS, ev.source(0));
        assertSame(r, ev.registration(0));
        assertEquals(0, p.poll(ev, 30, TimeUnit.MILLISECONDS));
        assertThrows(IllegalArgumentException.class, () -> p.registerProcess(ProcessHandle.current(), null));
    }

    @Test
    void misuseIsRefusedClearly() throws Exception {
        MemoryPoller p = new MemoryPoller();
        assertThrows(IllegalArgumentException.class, () -> p.registerTimer(Duration.ofMillis(-1), Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class, () -> p.registerTimer(Duration.ZERO, Duration.ofNanos(-1), null));
        assertThrows(IllegalArgumentException.class, () -> p.registerTimer(Duration.ofDays(40_000), Duration.ZERO, null));
        assertThrows(NullPointerException.class, () -> p.registerTimer(null, Duration.ZERO, null));
        IllegalArgumentException kill = assertThrows(IllegalArgumentException.class, () -> p.registerSignal("KILL", null));
        assertTrue(kill.getMessage().contains("cannot be caught"), kill.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.registerSignal("NOPE", null));
        assertTrue(unknown.getMessage().contains("unknown signal"), unknown.getMessage());
        Registration t = p.registerTimer(Duration.ofSeconds(1), Duration.ZERO, null);
        assertThrows(UnsupportedOperationException.class, () -> t.modify(Interest.WRITE));
        assertThrows(UnsupportedOperationException.class, t::rearm);
        UserEvent u = p.registerUserEvent(null);
        u.cancel();
        u.trigger(); // ignored: a triggering thread cannot know another one cancelled
        assertEquals(0, p.pollNow(new ReadyEvents(2)));
        p.close();
        assertThrows(ClosedPollerException.class, () -> p.registerUserEvent(null));
        assertFalse(t.isValid());
    }
}
