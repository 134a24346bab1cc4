package io.github.fdmux.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.NativeBuffer;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EpollResourceTest {
    private static EpollBackendProvider provider;

    @BeforeAll
    static void epoll() {
        provider = new EpollBackendProvider();
        assumeTrue(provider.availability().available(), () -> "EPOLL unavailable: " + provider.availability().reason());
    }

    private static int openFds() {
        String[] l = new File("/proc/self/fd").list();
        return l == null ? -1 : l.length;
    }

    @Test
    void twoThousandOpenCloseCyclesLeaveNoFdOrNativeMemory() throws Exception {
        try (Poller warm = provider.open("warm-up")) {
            warm.pollNow(new ReadyEvents(64));
        }
        int fds = openFds();
        long bytes = NativeBuffer.liveBytes();
        for (int i = 0; i < 2000; i++) {
            try (Poller p = provider.open("cycle")) {
                int[] sp = Fds.nonBlockingSocketPair();
                p.register(sp[0], Interest.READ, Mode.EDGE, null);
                p.pollNow(new ReadyEvents(64));
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
        assertEquals(fds, openFds(), "open fds");
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
    }

    /** Regression: registering the epoll fd itself failed with EINVAL, the wakeup eventfd with EEXIST. */
    @Test
    void itsOwnEpollAndWakeupFdsAreRefusedByName() throws Exception {
        try (EpollPoller p = (EpollPoller) provider.open("test")) {
            java.util.List<Integer> own = new java.util.ArrayList<>();
            own.add(p.epfd());
            for (int fd : p.wakeupFds()) {
                own.add(fd);
            }
            for (int fd : own) {
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> p.register(fd, Interest.READ, Mode.LEVEL, null));
                assertTrue(e.getMessage().contains("fd " + fd) && e.getMessage().contains("own"), e.getMessage());
            }
            try (Poller other = provider.open("other")) {
                // Another poller's epoll fd is an ordinary fd: nested epoll is a kernel feature.
                assertTrue(other.register(p.epfd(), Interest.READ, Mode.LEVEL, null).isValid());
            }
        }
    }

    @Test
    void closeReleasesTheEpollFdAndTheWakeup() throws Exception {
        EpollPoller p = (EpollPoller) provider.open("test");
        int epfd = p.epfd();
        int[] wake = p.wakeupFds();
        assertTrue(Fds.isOpen(epfd));
        p.close();
        assertFalse(Fds.isOpen(epfd), "epoll fd closed");
        for (int fd : wake) {
            assertFalse(Fds.isOpen(fd), "wakeup fd " + fd + " closed");
        }
    }

    @Test
    void pwait2GivesNanosecondTimeoutsWhereTheKernelHasIt() {
        EpollNative nat = EpollNative.get();
        assertEquals(nat.pwait2 ? Duration.ofNanos(1) : Duration.ofMillis(1),
                provider.capabilities().timeoutResolution(), nat.pwait2Reason);
    }

    /** pthread_self / pthread_kill, to interrupt exactly the polling thread with a signal. */
    public interface PThreads {
        long pthread_self();

        int pthread_kill(long thread, int sig);
    }

    @Test
    void eintrIsRetriedWithTheRemainingTimeout() throws Exception {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("URG"), sig -> { });
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "cannot install a SIGURG handler in this JVM: " + e.getMessage());
        }
        PThreads pt = LibraryLoader.create(PThreads.class)
                .load(Platform.getNativePlatform().getStandardCLibraryName());
        try (Poller p = provider.open("test")) {
            CompletableFuture<Long> self = new CompletableFuture<>();
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    self.complete(pt.pthread_self());
                    long t0 = System.nanoTime();
                    assertEquals(0, p.poll(new ReadyEvents(4), 600, TimeUnit.MILLISECONDS));
                    elapsed.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                } catch (Throwable e) {
                    elapsed.completeExceptionally(e);
                }
            });
            t.start();
            long thread = self.get();
            long pollsBefore = p.stats().polls();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(100);
                assertEquals(0, pt.pthread_kill(thread, Signal.SIGURG.intValue()), "pthread_kill");
            }
            long ms = elapsed.get(5, TimeUnit.SECONDS);
            assertTrue(ms >= 600, "the poll ran its whole timeout despite the signals: " + ms + " ms");
            assertTrue(ms < 2000, "and not much more: " + ms + " ms");
            assertTrue(p.stats().polls() - pollsBefore >= 2, "epoll_wait was interrupted and retried: "
                    + (p.stats().polls() - pollsBefore) + " calls");
        }
    }
}
