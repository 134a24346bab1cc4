package io.github.fdmux.epoll;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.unix.Fds;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EpollResourceTest {
    private static EpollBackendProvider provider;

    @BeforeAll
    static void epoll() {
        provider = assumeAvailable(new EpollBackendProvider());
    }

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
        assertEquals(nat.pwait2() ? Duration.ofNanos(1) : Duration.ofMillis(1),
                provider.capabilities().timeoutResolution(), nat.pwait2Reason());
    }
}
