package io.github.fdmux.kqueue;

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
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.OpenFlags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poller's own rules on a real kqueue (the kernel's, or libkqueue when
 * {@code -Dfdmux.kqueue.library} names it): changes that fail synchronously, queued deletes that
 * never undo a later registration, the wakeup fallback, and what polling costs.
 */
class KqueuePollerTest {
    private static KqueueBackendProvider provider;
    private static KqueueNative nat;

    @BeforeEach
    void kqueue() {
        provider = new KqueueBackendProvider();
        assumeTrue(provider.availability().available(), () -> "KQUEUE unavailable: " + provider.availability().reason());
        nat = KqueueNative.get();
    }

    private static KqueuePoller open() throws Exception {
        return (KqueuePoller) provider.open("test");
    }

    private static void write(int fd, int n) throws Exception {
        Fds.writeBytes(fd, n);
    }

    @Test
    void registerRefusedByTheKernelFailsAtOnceAndTakesBackWhatWasAccepted() throws Exception {
        try (KqueuePoller p = open(); KqueuePoller other = open()) {
            int fd;
            Interest refused;
            String errno;
            Path dir = null;
            if (nat.isLibkqueue()) {
                // libkqueue knows no directories (linux_get_descriptor_type: EBADF), fstat does.
                dir = Files.createTempDirectory("fdmux-kqueue");
                fd = Native.posix().open(dir.toString(), OpenFlags.O_RDONLY.intValue(), 0);
                assertTrue(fd >= 0, "open " + dir);
                refused = Interest.READ;
                errno = "EBADF";
            } else {
                // A kqueue fd takes EVFILT_READ only (XNU and FreeBSD kqueue_kqfilter: EINVAL).
                fd = other.kq();
                refused = Interest.READ_WRITE;
                errno = "EINVAL";
            }
            try {
                NativeCallException e = assertThrows(NativeCallException.class,
                        () -> p.register(fd, refused, Mode.LEVEL, null));
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
            } finally {
                if (dir != null) {
                    Fds.closeQuietly(fd);
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    @Test
    void modifyOfAClosedFdFailsAtOnce() throws Exception {
        try (KqueuePoller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                Registration r = p.register(sp[0], Interest.READ, Mode.LEVEL, null);
                Native.close(sp[0]);
                NativeCallException e = assertThrows(NativeCallException.class, () -> r.modify(Interest.READ_WRITE));
                assertTrue(Set.of("ENOENT", "EBADF").contains(e.errnoName()), e.getMessage());
                assertEquals(sp[0], e.fd());
                assertTrue(e.getMessage().startsWith("kevent("), e.getMessage());
                assertEquals(Interest.READ, r.interest(), "a refused modify changes nothing");
                assertTrue(r.cancel());
            } finally {
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    @Test
    void rearmOfAClosedFdFailsAtOnce() throws Exception {
        try (KqueuePoller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                Registration r = p.register(sp[0], Interest.READ, Mode.ONESHOT, null);
                write(sp[1], 1);
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(1, p.poll(ev, 2000));
                Native.close(sp[0]);
                NativeCallException e = assertThrows(NativeCallException.class, r::rearm);
                assertTrue(Set.of("ENOENT", "EBADF").contains(e.errnoName()), e.getMessage());
                assertTrue(e.getMessage().startsWith("kevent(EV_ENABLE EVFILT_READ) on fd " + sp[0]), e.getMessage());
            } finally {
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    @Test
    void cancelIsQueuedAndAppliedBeforeTheNextWait() throws Exception {
        try (KqueuePoller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                Registration r = p.register(sp[0], Interest.READ_WRITE, Mode.LEVEL, null);
                long before = p.stats().changes();
                r.cancel();
                assertEquals(2, p.queuedDeletes(), "EV_DELETE of both filters, queued");
                assertEquals(before + 2, p.stats().changes());
                write(sp[1], 1);
                assertEquals(0, p.poll(new ReadyEvents(4), 50));
                assertEquals(0, p.queuedDeletes(), "applied by the poll");
            } finally {
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    @Test
    void aQueuedDeleteNeverRemovesALaterRegistrationOfTheSameFd() throws Exception {
        try (KqueuePoller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                p.register(sp[0], Interest.READ, Mode.EDGE, "old").cancel();
                Registration fresh = p.register(sp[0], Interest.READ, Mode.EDGE, "new");
                assertEquals(0, p.queuedDeletes(), "the register flushed the delete ahead of its EV_ADD");
                write(sp[1], 1);
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(1, p.poll(ev, 2000));
                assertSame(fresh, ev.registration(0));
            } finally {
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    @Test
    void aQueuedDeleteOfAClosedAndReusedFdNumberLeavesTheNewFileAlone() throws Exception {
        try (KqueuePoller p = open()) {
            int[] a = Fds.nonBlockingSocketPair();
            int[] b = Fds.nonBlockingSocketPair();
            int number = a[0];
            try {
                p.register(number, Interest.READ, Mode.LEVEL, "old").cancel();
                Native.close(number);
                assertEquals(number, Native.libc().dup2(b[0], number), "dup2");
                Registration fresh = p.register(number, Interest.READ, Mode.LEVEL, "new");
                write(b[1], 1);
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(1, p.poll(ev, 2000));
                assertSame(fresh, ev.registration(0));
                assertTrue(ev.isReadable(0));
            } finally {
                Fds.closeQuietly(number);
                Fds.closeQuietly(a[1]);
                Fds.closeQuietly(b[0]);
                Fds.closeQuietly(b[1]);
            }
        }
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
        try (KqueuePoller p = open()) {
            assertEquals(0, p.wakeupFds().length, "EVFILT_USER on " + nat.layout);
        }
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
        try (Poller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
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
            } finally {
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    @Test
    void manyOpenCloseCyclesLeaveNoFdOrNativeMemory() throws Exception {
        try (Poller warm = open()) {
            warm.pollNow(new ReadyEvents(64));
        }
        int fds = Fds.openCount();
        long bytes = NativeBuffer.liveBytes();
        for (int i = 0; i < 500; i++) {
            try (Poller p = open()) {
                int[] sp = Fds.nonBlockingSocketPair();
                p.register(sp[0], Interest.READ, Mode.EDGE, null);
                p.pollNow(new ReadyEvents(64));
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
        assertEquals(fds, Fds.openCount(), "open fds");
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
    }

    @Test
    void peerCloseOfARawSocketIsReadClosed() throws Exception {
        try (KqueuePoller p = open()) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                Registration r = p.register(sp[0], Interest.READ, Mode.LEVEL, null);
                Native.close(sp[1]);
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(1, p.poll(ev, 2000));
                assertSame(r, ev.registration(0));
                assertTrue(ev.isReadable(0) && ev.isReadClosed(0), "EOF on the read filter: " + ev.get(0));
                assertNotNull(ev.get(0));
            } finally {
                Fds.closeQuietly(sp[0]);
            }
        }
    }
    /** The kqueue fd itself is refused by name (kevent would say EINVAL, or loop on itself). */
    @Test
    void itsOwnKqueueFdIsRefused() throws Exception {
        try (KqueuePoller p = open()) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> p.register(p.kq(), io.github.fdmux.Interest.READ, io.github.fdmux.Mode.LEVEL, null));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("fd " + p.kq()), e.getMessage());
        }
    }
}
