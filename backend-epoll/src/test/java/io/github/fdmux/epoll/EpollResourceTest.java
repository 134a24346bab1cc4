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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EpollResourceTest {
    private static EpollBackendProvider provider;

    @BeforeAll
    static void epoll() {
        provider = new EpollBackendProvider();
        assumeTrue(provider.availability().available(), () -> "EPOLL unavailable: " + provider.availability().reason());
    }

    @Test
    void twoThousandOpenCloseCyclesLeaveNoFdOrNativeMemory() throws Exception {
        try (Poller warm = provider.open("warm-up")) {
            warm.pollNow(new ReadyEvents(64));
        }
        int fds = Fds.openCount();
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
        assertEquals(fds, Fds.openCount(), "open fds");
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
}
