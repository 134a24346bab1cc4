package io.github.fdmux.kqueue;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.conformance.Resources;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The poller's own rules on a real kqueue (the kernel's, or libkqueue when
 * {@code -Dfdmux.kqueue.library} names it): changes that fail synchronously, queued deletes that
 * never undo a later registration, the wakeup fallback, and what polling costs.
 */
class KqueuePollerTest {
    private static KqueueBackendProvider provider;
    private static KqueueNative nat;
    /** The pollers, socket pairs and fds a test opens, closed after it (the pollers first). */
    private final Resources res = new Resources();

    @BeforeEach
    void kqueue() {
        provider = assumeAvailable(new KqueueBackendProvider());
        nat = KqueueNative.get();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        res.close();
    }

    private KqueuePoller open() throws Exception {
        return res.track((KqueuePoller) provider.open("test"));
    }

    /** The first end of a raw socket pair registered with a fresh poller; {@code peer} is the other end. */
    private record RawEnd(KqueuePoller poller, int fd, int peer, Registration registration) {
    }

    private RawEnd registerRawEnd(Interest interest, Mode mode) throws Exception {
        KqueuePoller p = open();
        int[] sp = res.rawSocketPair();
        return new RawEnd(p, sp[0], sp[1], p.register(sp[0], interest, mode, null));
    }

    private static void write(int fd, int n) throws Exception {
        Fds.writeBytes(fd, n);
    }

    /** Writes a byte to {@code peer}: the next poll must report {@code r}, alone, readable. */
    private static void expectReadableAfterAByteTo(int peer, KqueuePoller p, Registration r) throws Exception {
        write(peer, 1);
        expectReadable(p, r);
    }

    /**
     * A change of a registration whose fd was closed fails at once (kevent answers ENOENT, or EBADF),
     * naming the call, the fd and the likely cause.
     */
    private static void assertFailsAsClosedWhileRegistered(Executable change, int fd, String call) {
        NativeCallException e = assertThrows(NativeCallException.class, change);
        assertTrue(Set.of("ENOENT", "EBADF").contains(e.errnoName()), e.getMessage());
        assertTrue(e.getMessage().contains("the fd was closed while registered"), e.getMessage());
        assertEquals(fd, e.fd());
        assertTrue(e.getMessage().startsWith(call), e.getMessage());
    }

    /**
     * The next poll must report {@code r}, alone, readable.
     *
     * @return the events of that poll, for further checks of the one event
     */
    private static ReadyEvents expectReadable(KqueuePoller p, Registration r) throws Exception {
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, p.poll(ev, 2000));
        assertSame(r, ev.registration(0));
        assertTrue(ev.isReadable(0), ev.get(0).toString());
        return ev;
    }

    @Test
    void registerRefusedByTheKernelFailsAtOnceAndTakesBackWhatWasAccepted() throws Exception {
        KqueuePoller p = open();
        int fd;
        Interest refused;
        String errno;
        if (nat.isLibkqueue()) {
            // libkqueue knows no directories (linux_get_descriptor_type: EBADF), fstat does.
            Path dir = Files.createTempDirectory("fdmux-kqueue");
            res.track(() -> Files.deleteIfExists(dir));
            fd = res.openRaw(dir.toString());
            refused = Interest.READ;
            errno = "EBADF";
        } else {
            // A kqueue fd takes EVFILT_READ only (XNU and FreeBSD kqueue_kqfilter: EINVAL).
            fd = open().kq();
            refused = Interest.READ_WRITE;
            errno = "EINVAL";
        }
        NativeCallException e = assertThrows(NativeCallException.class, () -> p.register(fd, refused, Mode.LEVEL, null));
        assertEquals(errno, e.errnoName(), e.getMessage());
        assertEquals(fd, e.fd());
        assertTrue(e.getMessage().startsWith("kevent(EV_ADD|EV_ENABLE EVFILT_"), e.getMessage());
        if (!nat.isLibkqueue()) {
            assertEquals(1, p.queuedDeletes(), "the accepted EVFILT_READ is taken back");
            assertEquals(0, p.pollNow(new ReadyEvents(4)));
            assertEquals(0, p.queuedDeletes());
            // Nothing is left registered: the same fd registers again.
            p.register(fd, Interest.READ, Mode.LEVEL, null).cancel();
        }
    }

    @Test
    void modifyOfAClosedFdFailsAtOnce() throws Exception {
        RawEnd end = registerRawEnd(Interest.READ, Mode.LEVEL);
        Registration r = end.registration();
        res.closeRaw(end.fd());
        assertFailsAsClosedWhileRegistered(() -> r.modify(Interest.READ_WRITE), end.fd(), "kevent(");
        assertEquals(Interest.READ, r.interest(), "a refused modify changes nothing");
        assertTrue(r.cancel());
    }

    @Test
    void rearmOfAClosedFdFailsAtOnce() throws Exception {
        RawEnd end = registerRawEnd(Interest.READ, Mode.ONESHOT);
        Registration r = end.registration();
        expectReadableAfterAByteTo(end.peer(), end.poller(), r);
        res.closeRaw(end.fd());
        assertFailsAsClosedWhileRegistered(r::rearm, end.fd(), "kevent(EV_ENABLE EVFILT_READ) on fd " + end.fd());
    }

    @Test
    void cancelIsQueuedAndAppliedBeforeTheNextWait() throws Exception {
        RawEnd end = registerRawEnd(Interest.READ_WRITE, Mode.LEVEL);
        KqueuePoller p = end.poller();
        Registration r = end.registration();
        long before = p.stats().changes();
        r.cancel();
        if (nat.isLibkqueue()) {
            assertEquals(0, p.queuedDeletes(), "libkqueue: the deletes went out before cancel() returned");
        } else {
            assertEquals(2, p.queuedDeletes(), "EV_DELETE of both filters, queued");
        }
        assertEquals(before + 2, p.stats().changes());
        write(end.peer(), 1);
        assertEquals(0, p.poll(new ReadyEvents(4), 50));
        assertEquals(0, p.queuedDeletes(), "applied by the poll");
    }

    /**
     * The documented order, cancel then close, with a dup keeping the file open. Under libkqueue a
     * delete sent after the close failed (epoll_ctl DEL: EBADF), libkqueue freed its knote, and the
     * epoll item, alive through the dup, kept firing: every later wait returned at once with
     * nothing, a busy loop (or kevent failed with EBADF).
     */
    @Test
    void cancelThenCloseWithADupLeavesThePollerIdle() throws Exception {
        for (Mode mode : new Mode[] {Mode.LEVEL, Mode.ONESHOT}) {
            KqueuePoller p = open();
            int[] sp = res.rawSocketPair();
            res.dup(sp[0]);
            Registration r = p.register(sp[0], Interest.READ, mode, null);
            r.cancel();
            res.closeRaw(sp[0]);
            write(sp[1], 1); // readable through the dup
            ReadyEvents ev = new ReadyEvents(4);
            long waitsBefore = p.stats().polls();
            assertEquals(0, p.poll(ev, 300), mode + ": nothing is registered");
            long waits = p.stats().polls() - waitsBefore;
            assertTrue(waits <= 3, mode + ": an idle 300 ms poll made " + waits + " kernel waits (busy loop)");
        }
    }

    /**
     * modify() with the same interest re-checks readiness, as EPOLL_CTL_MOD and the kernels'
     * kqueues do (XNU kevent_register calls f_touch; FreeBSD/OpenBSD kqueue_register re-run the
     * filter): an EDGE registration with unread data is reported again. libkqueue's EV_ENABLE of
     * an enabled EV_CLEAR knote does not look again, so fdmux deletes and re-adds there.
     */
    @Test
    void edgeModifyWithUnreadDataReportsAgain() throws Exception {
        RawEnd end = registerRawEnd(Interest.READ, Mode.EDGE);
        KqueuePoller p = end.poller();
        Registration r = end.registration();
        expectReadableAfterAByteTo(end.peer(), p, r);
        assertEquals(0, p.poll(new ReadyEvents(4), 50), "EDGE: reported once");
        r.modify(Interest.READ);
        expectReadable(p, r); // modify re-checked readiness
    }

    /**
     * READ_WRITE registrations, more ready fds than the ReadyEvents holds. libkqueue turns one epoll
     * event into two kevents and dropped the rest of a batch when its output list filled part-way
     * (EDGE lost events for good; LEVEL with a capacity of 1 never reported writable).
     */
    @Test
    void readWriteRegistrationsLoseNothingWithASmallBuffer() throws Exception {
        for (Mode mode : new Mode[] {Mode.EDGE, Mode.LEVEL}) {
            KqueuePoller p = open();
            Set<Registration> all = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) {
                int[] sp = res.rawSocketPair();
                all.add(p.register(sp[0], Interest.READ_WRITE, mode, null));
                write(sp[1], 1);
            }
            ReadyEvents ev = new ReadyEvents(4);
            Set<Registration> readable = new java.util.HashSet<>();
            Set<Registration> writable = new java.util.HashSet<>();
            for (int poll = 0; poll < 6 && (readable.size() < 10 || writable.size() < 10); poll++) {
                int n = p.poll(ev, 500);
                assertTrue(n <= 4);
                for (int i = 0; i < n; i++) {
                    if (ev.isReadable(i)) {
                        readable.add(ev.registration(i));
                    }
                    if (ev.isWritable(i)) {
                        writable.add(ev.registration(i));
                    }
                }
            }
            assertEquals(all, readable, mode + ": every fd reported readable");
            assertEquals(all, writable, mode + ": every fd reported writable");
        }
        KqueuePoller p = open();
        int[] sp = res.rawSocketPair();
        p.register(sp[0], Interest.READ_WRITE, Mode.LEVEL, null);
        write(sp[1], 1);
        ReadyEvents one = new ReadyEvents(1);
        assertEquals(1, p.poll(one, 2000));
        assertTrue(one.isReadable(0) && one.isWritable(0), "capacity 1: readable and writable in one event");
    }

    /** A change list that kevent refuses as a whole keeps its queued EV_DELETEs for the next call. */
    @Test
    void aFailedKeventKeepsTheQueuedDeletes() throws Exception {
        KqueuePoller p = open();
        int[] a = res.rawSocketPair();
        int[] b = res.rawSocketPair();
        Registration r = p.register(a[0], Interest.READ_WRITE, Mode.LEVEL, null);
        KeventBatch.KeventCall real = p.batch.changeCall;
        p.batch.changeCall = (kq, ch, n, ev, ne, ts) -> {
            jnr.ffi.LastError.setLastError(Native.runtime(), Native.errnoValue("ENOMEM"));
            return -1;
        };
        r.cancel(); // libkqueue sends the deletes at once: that call fails; elsewhere they are queued
        assertEquals(2, p.queuedDeletes(), "both EV_DELETEs still queued");
        NativeCallException e = assertThrows(NativeCallException.class,
                () -> p.register(b[0], Interest.READ, Mode.LEVEL, null));
        assertEquals("ENOMEM", e.errnoName(), e.getMessage());
        assertEquals(2, p.queuedDeletes(), "the refused call did not lose them");
        p.batch.changeCall = real;
        assertEquals(0, p.poll(new ReadyEvents(4), 50));
        assertEquals(0, p.queuedDeletes(), "the next call carried them");
        Registration fresh = p.register(b[0], Interest.READ, Mode.LEVEL, "b");
        expectReadableAfterAByteTo(b[1], p, fresh);
    }

    /**
     * A change-only kevent interrupted by a signal has applied its changes: register() succeeds
     * and the registration reports.
     */
    @Test
    void anInterruptedChangeListIsApplied() throws Exception {
        KqueuePoller p = open();
        int[] sp = res.rawSocketPair();
        KeventBatch.KeventCall real = p.batch.changeCall;
        p.batch.changeCall = (kq, ch, n, ev, ne, ts) -> {
            int r = real.kevent(kq, ch, n, ev, ne, ts); // applied ...
            assertTrue(r >= 0, "the real call worked");
            jnr.ffi.LastError.setLastError(Native.runtime(), io.github.fdmux.unix.Errnos.EINTR);
            return -1; // ... but reported as interrupted, receipts not copied out
        };
        Registration reg = p.register(sp[0], Interest.READ, Mode.LEVEL, "x");
        p.batch.changeCall = real;
        expectReadableAfterAByteTo(sp[1], p, reg);
    }

    @Test
    void theEventListHasRoomForTwoKeventsPerFdOnlyUnderLibkqueue() {
        assertEquals(4, LibkqueueQuirks.eventListSize(4, 1000, false));
        assertEquals(2 * 1002, LibkqueueQuirks.eventListSize(4, 1000, true));
        assertEquals(256, LibkqueueQuirks.eventListSize(256, 10, true));
    }

    @Test
    void aQueuedDeleteNeverRemovesALaterRegistrationOfTheSameFd() throws Exception {
        KqueuePoller p = open();
        int[] sp = res.rawSocketPair();
        p.register(sp[0], Interest.READ, Mode.EDGE, "old").cancel();
        Registration fresh = p.register(sp[0], Interest.READ, Mode.EDGE, "new");
        assertEquals(0, p.queuedDeletes(), "the register flushed the delete ahead of its EV_ADD");
        expectReadableAfterAByteTo(sp[1], p, fresh);
    }

    @Test
    void aQueuedDeleteOfAClosedAndReusedFdNumberLeavesTheNewFileAlone() throws Exception {
        KqueuePoller p = open();
        int[] a = res.rawSocketPair();
        int[] b = res.rawSocketPair();
        int number = a[0];
        p.register(number, Interest.READ, Mode.LEVEL, "old").cancel();
        res.closeRaw(number);
        assertEquals(number, Native.libc().dup2(b[0], number), "dup2");
        res.trackRaw(number);
        Registration fresh = p.register(number, Interest.READ, Mode.LEVEL, "new");
        expectReadableAfterAByteTo(b[1], p, fresh);
    }

    @Test
    void pipeWakeupFallbackWakesAPollAndIsReleased() throws Exception {
        KqueuePoller p = KqueuePoller.open(KqueueBackendProvider.capabilities(nat.layout.variant), "test", nat, false);
        int[] fds = p.wakeupFds();
        try {
            assertEquals(2, fds.length, "a pipe");
            p.wakeup();
            long t0 = System.nanoTime();
            assertEquals(0, p.poll(new ReadyEvents(4), 5000));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1000, "woken");
            t0 = System.nanoTime();
            assertEquals(0, p.poll(new ReadyEvents(4), 100));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= 100, "drained: no second wakeup");
        } finally {
            p.close();
        }
        for (int fd : fds) {
            assertFalse(Fds.isOpen(fd), "wakeup pipe fd " + fd + " closed");
        }
    }

    @Test
    void userEventWakeupNeedsNoFd() throws Exception {
        assertEquals(0, open().wakeupFds().length, "EVFILT_USER on " + nat.layout);
    }

    @Test
    void closeReleasesTheKqueue() throws Exception {
        KqueuePoller p = open();
        int kq = p.kq();
        assertTrue(Fds.isOpen(kq));
        p.close();
        assertFalse(Fds.isOpen(kq), "kqueue fd closed");
    }

    @Test
    void pollAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        Poller p = open();
        int[] sp = res.rawSocketPair();
        p.register(sp[0], Interest.READ_WRITE, Mode.LEVEL, null);
        write(sp[1], 1);
        ReadyEvents ev = new ReadyEvents(16);
        for (int i = 0; i < 20_000; i++) { // warm up: JIT, JNR stubs
            p.pollNow(ev);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int polls = 10_000;
        int events = 0;
        for (int i = 0; i < polls; i++) {
            events += p.pollNow(ev);
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(polls, events, "one merged event (readable+writable) per poll");
        assertTrue(bytes < polls, "polling allocated " + bytes + " bytes in " + polls + " polls");
    }

    @Test
    void peerCloseOfARawSocketIsReadClosed() throws Exception {
        RawEnd end = registerRawEnd(Interest.READ, Mode.LEVEL);
        res.closeRaw(end.peer());
        ReadyEvents ev = expectReadable(end.poller(), end.registration());
        assertTrue(ev.isReadClosed(0), "EOF on the read filter: " + ev.get(0));
        assertNotNull(ev.get(0));
    }

    /** The kqueue fd itself is refused by name (kevent would say EINVAL, or loop on itself). */
    @Test
    void itsOwnKqueueFdIsRefused() throws Exception {
        KqueuePoller p = open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.register(p.kq(), Interest.READ, Mode.LEVEL, null));
        assertTrue(e.getMessage().contains("fd " + p.kq()), e.getMessage());
    }
}
