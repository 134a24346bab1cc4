package io.github.fdmux.iouring;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ring fds, ring mappings, wakeup fds and native memory are released on close. */
class IoUringResourceTest {
    private static IoUringBackendProvider provider;

    @BeforeAll
    static void ioUring() {
        provider = assumeAvailable(new IoUringBackendProvider());
    }

    private static int openFds() {
        String[] l = new File("/proc/self/fd").list();
        return l == null ? -1 : l.length;
    }

    private static long mapsLines() throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains("io_uring")).count();
        }
    }

    @Test
    void twoThousandOpenCloseCyclesLeaveNoFdMappingOrNativeMemory() throws Exception {
        try (Poller warm = provider.open("warm-up")) {
            warm.pollNow(new ReadyEvents(64));
        }
        int fds = openFds();
        long bytes = NativeBuffer.liveBytes();
        long mappings = IoUringRing.liveMappings();
        long maps = mapsLines();
        for (int i = 0; i < 2000; i++) {
            try (Poller p = provider.open("cycle")) {
                int[] sp = Fds.nonBlockingSocketPair();
                p.register(sp[0], Interest.READ, Mode.ONESHOT, null);
                Fds.writeBytes(sp[1], 1);
                p.pollNow(new ReadyEvents(64));
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
        assertEquals(fds, openFds(), "open fds");
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
        assertEquals(mappings, IoUringRing.liveMappings(), "ring mappings counted by IoUringRing");
        assertEquals(maps, mapsLines(), "io_uring lines in /proc/self/maps");
    }

    @Test
    void closeReleasesTheRingFdItsMappingsAndTheWakeup() throws Exception {
        long maps = mapsLines();
        IoUringPoller p = (IoUringPoller) provider.open("test");
        int ringFd = p.ringFd();
        int[] wake = p.wakeupFds();
        assertTrue(Fds.isOpen(ringFd));
        assertEquals(maps + 2, mapsLines(), "the rings and the SQE array are two mappings");
        p.close();
        assertFalse(Fds.isOpen(ringFd), "ring fd closed");
        for (int fd : wake) {
            assertFalse(Fds.isOpen(fd), "wakeup fd " + fd + " closed");
        }
        assertEquals(maps, mapsLines(), "mappings released");
    }

    @Test
    void itsOwnRingAndWakeupFdsAreRefusedByName() throws Exception {
        try (IoUringPoller p = (IoUringPoller) provider.open("test")) {
            List<Integer> own = new ArrayList<>();
            own.add(p.ringFd());
            for (int fd : p.wakeupFds()) {
                own.add(fd);
            }
            for (int fd : own) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> p.register(fd, Interest.READ, Mode.LEVEL, null));
                assertTrue(e.getMessage().contains("fd " + fd) && e.getMessage().contains("own"), e.getMessage());
            }
        }
    }

    /**
     * What docs/backends/io_uring.md says about closing without cancel: the POLL_ADD holds a reference
     * to the file, so closing the fd does not close the socket (the peer reads EAGAIN, not EOF) until
     * the registration is cancelled.
     */
    @Test
    void aPollAddKeepsItsFileOpenUntilCancelled() throws Exception {
        try (Poller p = provider.open("test"); NativeBuffer buf = NativeBuffer.allocate(1)) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                io.github.fdmux.Registration r = p.register(sp[0], Interest.READ, Mode.ONESHOT, null);
                assertEquals(0, p.pollNow(new ReadyEvents(4)), "the poll submits the POLL_ADD");
                Native.close(sp[0]);
                assertEquals(-1, Native.libc().read(sp[1], buf.pointer(), 1), "the peer sees no EOF while polled");
                assertEquals(Errnos.EAGAIN, Native.errno());
                assertTrue(r.cancel());
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                long n;
                do {
                    // The kernel drops the request's reference when it processes the removal (at once, or
                    // from task work run on the way back from the submitting io_uring_enter).
                    n = Native.libc().read(sp[1], buf.pointer(), 1);
                } while (n < 0 && System.nanoTime() < deadline);
                assertEquals(0, n, "EOF once the registration is cancelled");
            } finally {
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    /**
     * A change made while the poller waits is submitted by the changing thread, and io_uring ties a
     * request's task work to the task that submitted it. When that thread has exited, its requests must
     * still report (the kernel runs their completion elsewhere, or cancels them and fdmux re-arms).
     */
    @Test
    void requestsSubmittedByAThreadThatExitedStillReport() throws Exception {
        try (Poller p = provider.open("test")) {
            int[] sp = Fds.nonBlockingSocketPair();
            try {
                ReadyEvents ev = new ReadyEvents(4);
                java.util.concurrent.atomic.AtomicReference<io.github.fdmux.Registration> reg =
                        new java.util.concurrent.atomic.AtomicReference<>();
                java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                        new java.util.concurrent.atomic.AtomicReference<>();
                java.util.concurrent.CountDownLatch polling = new java.util.concurrent.CountDownLatch(1);
                Thread registrar = new Thread(() -> {
                    try {
                        polling.await();
                        // The poll below waits forever: once it is in io_uring_enter, this thread's register
                        // is submitted by this thread (not queued), and the wakeup afterwards ends the poll.
                        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                        while (!waitingInKernel(p)) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("the poll never started waiting");
                            }
                            Thread.onSpinWait();
                        }
                        reg.set(p.register(sp[0], Interest.READ, Mode.ONESHOT, null));
                        p.wakeup();
                    } catch (Throwable t) {
                        failure.set(t);
                        p.wakeup();
                    }
                }, "registrar");
                registrar.start();
                polling.countDown();
                assertEquals(0, p.poll(ev, -1, java.util.concurrent.TimeUnit.MILLISECONDS), "ended by the wakeup");
                registrar.join();
                if (failure.get() != null) {
                    throw new AssertionError(failure.get());
                }
                assertFalse(registrar.isAlive());
                Fds.writeBytes(sp[1], 1);
                int n = p.poll(ev, 5, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(1, n, "the event of a request submitted by an exited thread");
                assertTrue(ev.isReadable(0));
                assertEquals(reg.get(), ev.registration(0));
            } finally {
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
    }

    private static boolean waitingInKernel(Poller p) {
        return ((IoUringPoller) p).isWaiting();
    }

    @Test
    void neverTheAutomaticChoice() {
        assertFalse(io.github.fdmux.spi.BackendSelector.automaticOrder("Linux").contains(io.github.fdmux.Backend.IO_URING));
    }
}
