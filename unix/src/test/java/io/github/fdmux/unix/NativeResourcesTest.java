package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/** The native base's resources: released once and completely, on close and when opening fails part-way. */
class NativeResourcesTest {

    @Test
    void aFailedOpenReleasesEverythingAcquiredSoFarAndKeepsTheFailure() throws IOException {
        long bytes = NativeBuffer.liveBytes();
        int[] kernel = Fds.nonBlockingPipe();
        Fds.closeQuietly(kernel[1]);
        int[][] wakeupFds = new int[1][];
        IOException boom = new IOException("set-up failed");
        IOException thrown = assertThrows(IOException.class, () -> NativeResources.open(kernel[0], Native::close, res -> {
            wakeupFds[0] = res.openWakeup().fds();
            res.allocate(100);
            res.eventArray(32, 8).ensure(100);
            res.timespec();
            throw boom;
        }));
        assertSame(boom, thrown);
        assertFalse(Fds.isOpen(kernel[0]), "the kernel fd is closed");
        for (int fd : wakeupFds[0]) {
            assertFalse(Fds.isOpen(fd), "wakeup fd " + fd + " closed too");
        }
        assertEquals(bytes, NativeBuffer.liveBytes(), "native memory freed");
    }

    @Test
    void closeReleasesOnceAndReportsTheFirstFailureWithTheRestSuppressed() throws IOException {
        long bytes = NativeBuffer.liveBytes();
        NativeResources res = NativeResources.open(-1, fd -> { }, r -> r);
        Wakeup w = res.openWakeup();
        res.allocate(64);
        res.freeOnClose(() -> {
            throw new IllegalStateException("second");
        });
        res.freeOnClose(() -> {
            throw new IllegalStateException("third");
        });
        assertTrue(res.isOwnFd(w.readFd()));
        assertFalse(res.isOwnFd(-1), "no kernel fd: -1 is nobody's");
        assertArrayEquals(w.fds(), res.wakeupFds());
        IOException e = assertThrows(IOException.class, res::close);
        assertEquals("second", e.getCause().getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(bytes, NativeBuffer.liveBytes(), "memory freed despite the failures");
        res.close(); // idempotent: nothing runs twice
    }

    @Test
    void theEventArrayGrowsToTheLargestRequestAndKeepsItsMemory() throws IOException {
        NativeResources res = NativeResources.open(-1, fd -> { }, r -> r);
        try {
            EventArray a = res.eventArray(16, 4);
            Pointer first = a.ensure(4);
            assertSame(first, a.ensure(2), "no new memory for fewer entries");
            Pointer bigger = a.ensure(100);
            assertEquals(100, a.capacity());
            assertSame(bigger, a.pointer());
            assertTrue(bigger.size() >= 1600, "room for 100 entries of 16 bytes: " + bigger.size());
        } finally {
            res.close();
        }
    }

    @Test
    void timespecHoldsSecondsAndNanosecondsCappedAtTheLongestWait() throws IOException {
        NativeResources res = NativeResources.open(-1, fd -> { }, r -> r);
        try {
            Timespec t = res.timespec();
            Pointer p = t.set(2_500_000_001L);
            assertEquals(Timespec.LAYOUT == Timespec.Layout.LP64 ? 16 : 8, Timespec.size());
            assertEquals(2, read(p, Timespec.LAYOUT.secOffset));
            assertEquals(500_000_001, read(p, Timespec.LAYOUT.nsecOffset));
            t.set(Long.MAX_VALUE);
            assertEquals(Timespec.MAX_SECONDS, read(p, Timespec.LAYOUT.secOffset));
            assertEquals(0, read(p, Timespec.LAYOUT.nsecOffset));
        } finally {
            res.close();
        }
    }

    private static long read(Pointer p, int offset) {
        return Timespec.LAYOUT.fieldBytes == 8 ? p.getLong(offset) : p.getInt(offset);
    }

    @Test
    void aProbeIsKeptUnlessItSaysNothingLasting() {
        int[] runs = {0};
        String[] reason = {"EMFILE during the probe"};
        ProbeCache<io.github.fdmux.spi.Availability> cache = new ProbeCache<>(() -> {
            runs[0]++;
            return io.github.fdmux.spi.Availability.no(reason[0]);
        }, a -> a);
        cache.get();
        cache.get();
        assertEquals(2, runs[0], "fd exhaustion is probed again");
        reason[0] = "not this OS";
        cache.get();
        cache.get();
        assertEquals(3, runs[0], "a lasting answer is kept");
    }
}
