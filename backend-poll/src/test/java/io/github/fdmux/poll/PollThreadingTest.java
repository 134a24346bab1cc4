package io.github.fdmux.poll;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.conformance.Fixture;
import io.github.fdmux.conformance.Resources;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Fds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes from other threads while the polling thread owns the pollfd array. */
class PollThreadingTest {
    private final Resources resources = new Resources();
    private PollPoller poller;
    private long bytesBeforeOpen;

    @BeforeEach
    void open() throws Exception {
        bytesBeforeOpen = io.github.fdmux.unix.NativeBuffer.liveBytes();
        PollBackendProvider provider = assumeAvailable(new PollBackendProvider());
        poller = (PollPoller) provider.open("threading test");
    }

    @AfterEach
    void close() throws Exception {
        try (Resources r = resources) {
            if (poller != null) {
                poller.close();
            }
        }
    }

    private int[] pair() throws Exception {
        return resources.rawSocketPair();
    }

    /** Polls forever in another thread; completes with the registrations reported. */
    private CompletableFuture<List<Registration>> pollInThread() {
        return Fixture.pollInThread(poller)
                .thenApply(events -> events.stream().map(ReadyEvent::registration).collect(Collectors.toList()));
    }

    /** Waits until the polling thread is in poll(2): nothing is ready, so it stays there. */
    private void awaitBlocked(CompletableFuture<?> polled) {
        Fixture.awaitBlocked(poller);
        assertFalse(polled.isDone(), "the poll returned early");
        assertTrue(poller.inKernel(), "beforeWait marked the array as read by poll(2)");
    }

    private int arraySize() {
        synchronized (poller.lock()) {
            return poller.array().size();
        }
    }

    @Test
    void aChangeDuringABlockedPollIsQueuedThenAppliedByThePollingThread() throws Exception {
        int[] sp = pair();
        Fds.writeBytes(sp[1], 1);
        CompletableFuture<List<Registration>> polled = pollInThread();
        awaitBlocked(polled);
        long wakeupsBefore = poller.stats().wakeups();
        long queuedBefore = poller.queuedChanges();
        Registration r = poller.register(sp[0], Interest.READ, Mode.LEVEL, null);
        assertEquals(1, poller.queuedChanges() - queuedBefore, "not written into the array a blocked poll(2) reads");
        assertEquals(List.of(r), polled.get(2, TimeUnit.SECONDS), "in force by the return of that poll");
        assertEquals(2, arraySize(), "applied by the polling thread");
        assertEquals(1, poller.stats().wakeups() - wakeupsBefore, "one internal wakeup");

        // Without a poll in the kernel, a change applies at once.
        r.cancel();
        assertEquals(1, arraySize());
        assertEquals(1, poller.queuedChanges() - queuedBefore);
    }

    @Test
    void aCancelDuringABlockedPollLeavesTheEntryUntilThenAndReportsNothing() throws Exception {
        int[] sp = pair();
        Registration r = poller.register(sp[0], Interest.READ, Mode.LEVEL, null);
        int[] other = pair();
        Registration o = poller.register(other[0], Interest.READ, Mode.LEVEL, null);
        CompletableFuture<List<Registration>> polled = pollInThread();
        awaitBlocked(polled);
        long queuedBefore = poller.queuedChanges();
        assertTrue(r.cancel());
        assertEquals(1, poller.queuedChanges() - queuedBefore, "the entry stays while poll(2) may read it");
        Fds.writeBytes(sp[1], 1);
        Fds.writeBytes(other[1], 1);
        assertEquals(List.of(o), polled.get(2, TimeUnit.SECONDS), "the cancelled one is never reported");
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, poller.pollNow(ev), "o again (LEVEL), r never");
        assertSame(o, ev.registration(0));
        assertEquals(2, arraySize(), "the entry was removed before that poll(2)");
    }

    @Test
    void concurrentRegisterModifyCancelKeepTheArrayConsistent() throws Exception {
        int slots = 64;
        AtomicReferenceArray<Registration> regs = new AtomicReferenceArray<>(slots);
        int[][] fds = new int[slots][];
        for (int i = 0; i < slots; i++) {
            fds[i] = pair();
            Fds.writeBytes(fds[i][1], 1); // always readable
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] delivered = new long[1];
        Thread pollingThread = new Thread(() -> {
            ReadyEvents ev = new ReadyEvents(8); // smaller than the ready set: exercises the rotation
            try {
                while (!stop.get()) {
                    int n = poller.poll(ev, 5);
                    for (int i = 0; i < n; i++) {
                        int[] sp = (int[]) ev.attachment(i);
                        if (sp[0] != ev.fd(i)) {
                            throw new AssertionError("event for fd " + ev.fd(i) + " carries fd " + sp[0] + "'s attachment");
                        }
                        if (!ev.isReadable(i)) {
                            throw new AssertionError("not readable: " + ev.get(i));
                        }
                    }
                    delivered[0] += n;
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "poller");
        List<Thread> mutators = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            mutators.add(new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        int i = rnd.nextInt(slots);
                        synchronized (fds[i]) {
                            Registration r = regs.get(i);
                            if (r == null) {
                                Mode mode = rnd.nextBoolean() ? Mode.LEVEL : Mode.ONESHOT;
                                regs.set(i, poller.register(fds[i][0], Interest.READ, mode, fds[i]));
                            } else {
                                switch (rnd.nextInt(4)) {
                                    case 0:
                                        r.cancel();
                                        regs.set(i, null);
                                        break;
                                    case 1:
                                        r.modify(rnd.nextBoolean() ? Interest.NONE : Interest.READ);
                                        break;
                                    case 2:
                                        if (r.mode() == Mode.ONESHOT) {
                                            r.rearm();
                                        }
                                        break;
                                    default:
                                        Thread.onSpinWait();
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "mutator-" + m));
        }
        pollingThread.start();
        mutators.forEach(Thread::start);
        Thread.sleep(2_000);
        stop.set(true);
        pollingThread.join(5_000);
        for (Thread t : mutators) {
            t.join(5_000);
        }
        assertNull(failure.get(), () -> "a thread failed: " + failure.get());
        assertTrue(delivered[0] > 0, "events were delivered while others changed registrations");
        System.out.printf("POLL threading stress: %d events, %d changes, %d wakeups in 2 s%n", delivered[0],
                poller.stats().changes(), poller.stats().wakeups());

        // One more poll applies whatever is still queued; then the array is exactly the live registrations.
        poller.pollNow(new ReadyEvents(64));
        Set<Registration> live = new HashSet<>();
        for (int i = 0; i < slots; i++) {
            if (regs.get(i) != null) {
                live.add(regs.get(i));
            }
        }
        synchronized (poller.lock()) {
            PollfdArray a = poller.array();
            assertEquals(live.size() + 1, a.size(), "one entry per live registration plus the wakeup");
            for (int i = 1; i < a.size(); i++) {
                PollRegistration r = a.owner(i);
                assertEquals(i, r.index);
                assertTrue(live.contains(r), "entry " + i + " belongs to a live registration");
                assertEquals(r.entryFd(), a.fd(i));
                assertEquals(r.events, a.events(i));
            }
        }
        // And each live one reports as its state says: re-arm all with READ, all are readable.
        for (Registration r : live) {
            r.modify(Interest.READ);
        }
        ReadyEvents ev = new ReadyEvents(64);
        int n = poller.pollNow(ev);
        Set<Registration> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(ev.registration(i));
        }
        assertEquals(live, seen);
    }

    @Test
    void closeWhileAnotherThreadPollsFreesTheArrayOnlyAfterThePollLeft() throws Exception {
        int[] sp = pair();
        Registration r = poller.register(sp[0], Interest.READ, Mode.LEVEL, null);
        CompletableFuture<List<Registration>> polled = pollInThread();
        awaitBlocked(polled);
        poller.close();
        assertEquals(List.of(), polled.get(2, TimeUnit.SECONDS));
        assertFalse(r.isValid());
        assertEquals(bytesBeforeOpen, io.github.fdmux.unix.NativeBuffer.liveBytes(), "array and timespec freed");
    }
}
