package io.github.fdmux.select;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.BackendSelector;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.ResourceLimits;
import io.github.fdmux.conformance.Signals;
import io.github.fdmux.conformance.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What SELECT adds to the conformance catalogue: FD_SETSIZE, EBADF, the fallback wait call select(2), the set
 * bookkeeping.
 */
class SelectPollerTest {
    private static SelectBackendProvider provider;
    private final List<Integer> fds = new ArrayList<>();

    @BeforeAll
    static void select() {
        provider = assumeAvailable(new SelectBackendProvider());
    }

    @AfterEach
    void closeFds() {
        fds.forEach(Fds::closeQuietly);
    }

    private int[] pair() throws Exception {
        int[] sp = Fds.nonBlockingSocketPair();
        fds.add(sp[0]);
        fds.add(sp[1]);
        return sp;
    }

    private static SelectPoller microsecondPoller() throws Exception {
        SelectNative nat = SelectNative.get().withoutPselect("forced by the test");
        return SelectPoller.open(SelectBackendProvider.capabilities(nat), "test", nat);
    }

    @Test
    void capabilitiesSayFdSetSizeAndTheWaitCall() {
        SelectNative nat = SelectNative.get();
        assertEquals(nat.platform().fdSetSize(), provider.capabilities().fdLimit().getAsInt());
        if (Native.isLinux()) {
            assertEquals(1024, provider.capabilities().fdLimit().getAsInt(), "glibc FD_SETSIZE");
            assertTrue(nat.pselect() || nat.waitCall().contains("failed with"), nat.waitCall());
        }
        assertTrue(provider.availability().reason().contains("FD_SETSIZE " + nat.platform().fdSetSize()),
                provider.availability().reason());
        assertEquals(nat.pselect() ? Duration.ofNanos(1) : Duration.ofNanos(1000),
                provider.capabilities().timeoutResolution());
        assertEquals(Duration.ofNanos(1000),
                SelectBackendProvider.capabilities(nat.withoutPselect("test")).timeoutResolution());
        assertFalse(provider.capabilities().supports(Mode.EDGE));
        assertFalse(provider.capabilities().supports(Mode.EDGE_ONESHOT));
    }

    @Test
    void theAutomaticChoiceNeverPicksSelect() {
        for (String os : List.of("Linux", "Mac OS X", "FreeBSD", "OpenBSD", "NetBSD", "SunOS", "Windows 11")) {
            assertFalse(BackendSelector.automaticOrder(os).contains(Backend.SELECT), os);
        }
    }

    @Test
    void itOpensWhenNamed() throws Exception {
        BackendSelector named = new BackendSelector(List.of(provider), "Linux", k -> null,
                k -> "FDMUX_BACKEND".equals(k) ? "select" : null);
        try (Poller p = named.open()) {
            assertEquals(Backend.SELECT, p.backend());
            assertTrue(p.selectionReason().contains("FDMUX_BACKEND=select"), p.selectionReason());
        }
        try (Poller p = Pollers.open(Backend.SELECT)) {
            assertEquals(Backend.SELECT, p.backend());
        }
    }

    @Test
    void anFdAtOrAboveFdSetSizeIsRefusedNamingItAndFdSetSize() throws Exception {
        int limit = SelectNative.get().platform().fdSetSize();
        long[] nofile = ResourceLimits.noFile();
        assumeTrue(nofile[1] > limit + 8 || nofile[1] < 0, "RLIMIT_NOFILE hard limit " + nofile[1] + " is too low to"
                + " open fd " + limit);
        ResourceLimits.raiseNoFile(limit + 8);
        int[] sp = pair();
        int high = Native.libc().dup2(sp[0], limit);
        assertEquals(limit, high, "dup2 to fd " + limit + ": " + Native.errnoName(Native.errno()));
        fds.add(high);
        int higher = Native.libc().dup2(sp[0], limit + 5);
        assertEquals(limit + 5, higher);
        fds.add(higher);
        try (Poller p = provider.open("test")) {
            for (int fd : new int[] {high, higher}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> p.register(fd, Interest.READ, Mode.LEVEL, null));
                assertTrue(e.getMessage().contains("fd " + fd) && e.getMessage().contains("FD_SETSIZE (" + limit + ")"),
                        e.getMessage());
            }
            // Nothing was registered or written: the fd below still works.
            Registration r = p.register(sp[0], Interest.READ, Mode.LEVEL, null);
            Fds.writeBytes(sp[1], 1);
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, 1000));
            assertSame(r, ev.registration(0));
        }
        // A closed fd that high is EBADF, like every backend's.
        Fds.closeQuietly(higher);
        try (Poller p = provider.open("test")) {
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> p.register(higher, Interest.READ, Mode.LEVEL, null));
            assertEquals("EBADF", e.errnoName());
        }
    }

    @Test
    void aClosedRegisteredFdIsAnErrorAndTheOthersStillReport() throws Exception {
        int[] gone = pair();
        int[] live = pair();
        int goneFd = Fds.moveAboveLowestFree(gone[0]); // once closed, its number stays free
        fds.add(goneFd);
        try (Poller p = provider.open("test")) {
            Registration g = p.register(goneFd, Interest.READ, Mode.LEVEL, null);
            Registration l = p.register(live[0], Interest.READ, Mode.LEVEL, null);
            Registration o = p.register(live[1], Interest.WRITE, Mode.ONESHOT, null);
            Fds.writeBytes(live[1], 1);
            Native.close(goneFd);
            ReadyEvents ev = new ReadyEvents(8);
            for (int round = 0; round < 2; round++) {
                int n = p.pollNow(ev);
                assertEquals(round == 0 ? 3 : 2, n, "round " + round + ": " + ev);
                for (int i = 0; i < n; i++) {
                    if (ev.registration(i) == g) {
                        assertEquals(ReadyEvents.ERROR, ev.readyOps(i), "EBADF is error, on every poll (LEVEL)");
                    } else if (ev.registration(i) == l) {
                        assertEquals(ReadyEvents.READABLE, ev.readyOps(i));
                    } else {
                        assertSame(o, ev.registration(i), "the ONESHOT writer, in the first round only");
                        assertEquals(0, round);
                    }
                }
            }
            g.cancel();
            assertEquals(1, p.pollNow(ev), "cancelled: select(2) no longer fails");
            assertSame(l, ev.registration(0));
        }
    }

    @Test
    void theSetsFollowRegisterModifyOneshotAndCancel() throws Exception {
        int[] a = pair();
        int[] b = pair();
        try (SelectPoller p = (SelectPoller) provider.open("test")) {
            int base = p.nfds();
            Registration ra = p.register(a[0], Interest.READ, Mode.ONESHOT, null);
            Registration rb = p.register(b[0], Interest.NONE, Mode.LEVEL, null);
            assertEquals(Math.max(base, Math.max(a[0], b[0]) + 1), p.nfds());
            assertTrue(p.watchesRead(a[0]) && !p.watchesWrite(a[0]));
            assertFalse(p.watchesRead(b[0]) || p.watchesWrite(b[0]), "NONE is in no set");
            rb.modify(Interest.READ_WRITE);
            assertTrue(p.watchesRead(b[0]) && p.watchesWrite(b[0]));
            Fds.writeBytes(a[1], 1);
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(2, p.pollNow(ev));
            assertFalse(p.watchesRead(a[0]), "a ONESHOT fd leaves the sets once reported");
            ra.rearm();
            assertTrue(p.watchesRead(a[0]));
            int highest = Math.max(a[0], b[0]);
            (highest == a[0] ? ra : rb).cancel();
            assertFalse(p.watchesRead(highest) || p.watchesWrite(highest));
            assertEquals(Math.max(base, Math.min(a[0], b[0]) + 1), p.nfds(), "nfds shrinks with the highest fd");
        }
    }

    @Test
    void aChangeFromAnotherThreadWakesTheWaitAndIsInForce() throws Exception {
        int[] sp = pair();
        try (Poller p = provider.open("test")) {
            Registration r = p.register(sp[0], Interest.NONE, Mode.LEVEL, null);
            Fds.writeBytes(sp[1], 1);
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    r.modify(Interest.READ);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            ReadyEvents ev = new ReadyEvents(4);
            long t0 = System.nanoTime();
            assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "woken by the change, not the timeout");
            assertSame(r, ev.registration(0));
            t.join();
        }
    }

    @Test
    void microsecondWaitsRoundUpAndNeverReturnEarly() throws Exception {
        try (SelectPoller p = microsecondPoller()) {
            Waits.assertNeverEarly(p, 20, 300_500, TimeUnit.NANOSECONDS);
            ReadyEvents ev = new ReadyEvents(4);
            int[] sp = pair();
            p.register(sp[0], Interest.READ, Mode.LEVEL, null);
            Fds.writeBytes(sp[1], 1);
            assertEquals(1, p.poll(ev, 1, TimeUnit.SECONDS), "select(2) reports like pselect(2)");
        }
    }

    // pselect(2), the wait call open() picks where it exists: the catalogue's TIMEOUTS behaviours on SELECT
    // (subMillisecondTimeoutNeverReturnsEarly, signalsDoNotShortenTheWait). Here, the fallback.

    @Test
    void eintrIsRetriedWithTheRemainingTimeoutOnSelect() throws Exception {
        assumeTrue(Signals.handlerMissing() == null, Signals::handlerMissing);
        try (Poller p = microsecondPoller()) {
            Signals.assertTheyDoNotShortenTheWait(p);
        }
    }


    @Test
    void openCloseCyclesLeaveNoFdOrNativeMemoryAndTheWakeupFdsAreRefused() throws Exception {
        long bytes = NativeBuffer.liveBytes();
        long buffers = NativeBuffer.liveBuffers();
        int[] sp = pair();
        ReadyEvents ev = new ReadyEvents(4);
        int[] wake = null;
        for (int i = 0; i < 500; i++) {
            try (SelectPoller p = (SelectPoller) provider.open("cycle")) {
                wake = p.wakeupFds();
                p.register(sp[0], Interest.WRITE, i % 2 == 0 ? Mode.LEVEL : Mode.ONESHOT, null);
                assertEquals(1, p.pollNow(ev));
                if (i == 0) {
                    for (int fd : wake) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> p.register(fd, Interest.READ, Mode.LEVEL, null));
                        assertTrue(e.getMessage().contains("fd " + fd), e.getMessage());
                    }
                }
            }
        }
        for (int fd : wake) {
            assertFalse(Fds.isOpen(fd), "wakeup fd " + fd + " closed");
        }
        assertEquals(bytes, NativeBuffer.liveBytes(), "live native bytes");
        assertEquals(buffers, NativeBuffer.liveBuffers(), "live native buffers");
    }
}
