package io.github.fdmux.poll;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.ResourceLimits;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.RLIMIT;
import io.github.fdmux.conformance.Signals;
import io.github.fdmux.conformance.Waits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Native resources, and timeouts and EINTR on the fallback wait call, poll(2), which the catalogue never opens. */
class PollResourceTest {
    private static PollBackendProvider provider;

    @BeforeAll
    static void poll() {
        provider = assumeAvailable(new PollBackendProvider());
    }

    /** A poller whose timed waits use poll(2) milliseconds even where ppoll exists. */
    private static PollPoller millisecondPoller() throws Exception {
        PollNative nat = PollNative.get().withoutPpoll("forced by the test");
        return PollPoller.open(PollBackendProvider.capabilities(nat), "test", nat);
    }

    @Test
    void twoThousandOpenCloseCyclesLeaveNoFdOrNativeMemory() throws Exception {
        try (Poller warm = provider.open("warm-up")) {
            warm.pollNow(new ReadyEvents(64));
        }
        int fds = Fds.openCount();
        long bytes = NativeBuffer.liveBytes();
        long buffers = NativeBuffer.liveBuffers();
        ReadyEvents ev = new ReadyEvents(64);
        for (int i = 0; i < 2000; i++) {
            try (Poller p = provider.open("cycle")) {
                int[] sp = Fds.nonBlockingSocketPair();
                p.register(sp[0], Interest.READ, i % 2 == 0 ? Mode.LEVEL : Mode.ONESHOT, null);
                Fds.writeBytes(sp[1], 1);
                assertEquals(1, p.pollNow(ev));
                Fds.closeQuietly(sp[0]);
                Fds.closeQuietly(sp[1]);
            }
        }
        assertEquals(fds, Fds.openCount(), "open fds");
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
        assertEquals(buffers, NativeBuffer.liveBuffers(), "live native buffers");
    }

    @Test
    void aBigArrayIsFreedByClose() throws Exception {
        long bytes = NativeBuffer.liveBytes();
        int[][] pairs = new int[300][];
        try (Poller p = provider.open("test")) {
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = Fds.nonBlockingSocketPair();
                p.register(pairs[i][0], Interest.READ, Mode.LEVEL, null);
            }
            assertTrue(NativeBuffer.liveBytes() - bytes >= 512 * 8, "the array grew to 512 entries");
        } finally {
            for (int[] sp : pairs) {
                if (sp != null) {
                    Fds.closeQuietly(sp[0]);
                    Fds.closeQuietly(sp[1]);
                }
            }
        }
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes after close");
    }

    @Test
    void aClosedRegisteredFdIsAnErrorUntilItsNumberIsReused() throws Exception {
        int[] sp = Fds.nonBlockingSocketPair();
        sp[0] = Fds.moveAboveLowestFree(sp[0]); // once closed, its number stays free until the test reuses it
        int[] pipe = Fds.nonBlockingPipe();
        try (Poller p = provider.open("test")) {
            io.github.fdmux.Registration r = p.register(sp[0], Interest.READ, Mode.LEVEL, null);
            ReadyEvents ev = new ReadyEvents(4);
            Native.close(sp[0]);
            for (int i = 0; i < 2; i++) {
                assertEquals(1, p.pollNow(ev), "POLLNVAL on every poll (LEVEL)");
                assertEquals(io.github.fdmux.ReadyEvents.ERROR, ev.readyOps(0), ev.get(0).toString());
            }
            // The number now names a pipe's read end: poll(2) polls numbers, so the old
            // registration reports the pipe. This is why a registration must be cancelled before close.
            assertEquals(sp[0], Native.libc().dup2(pipe[0], sp[0]));
            assertEquals(0, p.pollNow(ev), "the empty pipe is not ready");
            Fds.writeBytes(pipe[1], 1);
            assertEquals(1, p.pollNow(ev));
            assertTrue(ev.registration(0) == r && ev.isReadable(0) && !ev.isError(0), ev.get(0).toString());
        } finally {
            Fds.closeQuietly(sp[0]);
            Fds.closeQuietly(sp[1]);
            Fds.closeQuietly(pipe[0]);
            Fds.closeQuietly(pipe[1]);
        }
    }

    @Test
    void closeReleasesTheWakeupFds() throws Exception {
        PollPoller p = (PollPoller) provider.open("test");
        int[] wake = p.wakeupFds();
        for (int fd : wake) {
            assertTrue(Fds.isOpen(fd));
        }
        p.close();
        for (int fd : wake) {
            assertFalse(Fds.isOpen(fd), "wakeup fd " + fd + " closed");
        }
    }

    @Test
    void openFailingWithEmfileLeaksNothing() throws Exception {
        try (Poller warm = provider.open("warm-up")) {
            warm.pollNow(new ReadyEvents(4));
        }
        long[] limit = ResourceLimits.noFile();
        int fds = Fds.openCount();
        long bytes = NativeBuffer.liveBytes();
        int highest = 0;
        for (String name : new File("/proc/self/fd").list()) {
            highest = Math.max(highest, Integer.parseInt(name));
        }
        // Lower the soft limit to just above the highest fd in use, then fill every free number
        // below it with dups: the wakeup fd cannot be created.
        int[] sp = Fds.nonBlockingSocketPair();
        int soft = Math.max(highest, Math.max(sp[0], sp[1])) + 1;
        List<Integer> fillers = new ArrayList<>();
        NativeCallException e;
        assumeTrue(Native.posix().setrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), soft, limit[1]) == 0,
                "cannot lower RLIMIT_NOFILE");
        try {
            for (int d; (d = Native.libc().dup(sp[0])) >= 0; ) {
                fillers.add(d);
            }
            e = assertThrows(NativeCallException.class, () -> provider.open("test"));
        } finally {
            for (int d : fillers) {
                Fds.closeQuietly(d);
            }
            Fds.closeQuietly(sp[0]);
            Fds.closeQuietly(sp[1]);
            assertEquals(0, Native.posix().setrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), limit[0], limit[1]),
                    "restore RLIMIT_NOFILE");
        }
        assertEquals("EMFILE", e.errnoName(), e.getMessage());
        assertEquals(fds, Fds.openCount(), "open fds");
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
    }

    @Test
    void capabilitiesSayWhichWaitCallIsUsed() {
        PollNative nat = PollNative.get();
        assertEquals(nat.ppoll() ? Duration.ofNanos(1) : Duration.ofMillis(1),
                provider.capabilities().timeoutResolution(), nat.ppollReason());
        assertTrue(provider.availability().reason().contains(nat.ppollReason()), provider.availability().reason());
        if (Native.isLinux() && Native.runtime().addressSize() == 8 && !nat.ppollReason().contains("failed with")) {
            // Not refused by a sandbox: glibc and Linux have had ppoll since 2006, so the binding must find it.
            assertTrue(nat.ppoll(), nat.ppollReason());
        }
        assertEquals(Duration.ofMillis(1),
                PollBackendProvider.capabilities(nat.withoutPpoll("test")).timeoutResolution());
    }

    @Test
    void millisecondWaitsRoundUpAndNeverReturnEarly() throws Exception {
        try (PollPoller p = millisecondPoller()) {
            Waits.assertNeverEarly(p, 20, 300, TimeUnit.MICROSECONDS);
            ReadyEvents ev = new ReadyEvents(4);
            long t0 = System.nanoTime();
            assertEquals(0, p.poll(ev, 150));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 150 && ms < 1000, "took " + ms + " ms");
        }
    }

    // ppoll(2), the wait call open() picks where it exists: the catalogue's TIMEOUTS behaviours on POLL
    // (subMillisecondTimeoutNeverReturnsEarly, signalsDoNotShortenTheWait). Here, the fallback.

    @Test
    void eintrIsRetriedWithTheRemainingTimeoutOnPoll() throws Exception {
        assumeTrue(Signals.handlerMissing() == null, Signals::handlerMissing);
        try (Poller p = millisecondPoller()) {
            Signals.assertTheyDoNotShortenTheWait(p);
        }
    }

    /** Regression: poll(2) accepted the poller's own wakeup fd, and a user reading it would steal wakeups. */
    @org.junit.jupiter.api.Test
    void itsOwnWakeupFdsAreRefused() throws Exception {
        try (PollPoller p = (PollPoller) provider.open("test")) {
            for (int fd : p.wakeupFds()) {
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> p.register(fd, io.github.fdmux.Interest.READ, io.github.fdmux.Mode.LEVEL, null));
                org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("fd " + fd), e.getMessage());
            }
        }
    }
}
