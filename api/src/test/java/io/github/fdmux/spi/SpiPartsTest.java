package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.PollerStats;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The parts AbstractPoller is made of, each on its own. */
class SpiPartsTest {

    @Test
    void timeoutsRoundUpAndNeverOverflow() {
        assertEquals(1, Timeouts.millisRoundedUp(1));
        assertEquals(1, Timeouts.millisRoundedUp(1_000_000));
        assertEquals(2, Timeouts.millisRoundedUp(1_000_001));
        assertEquals(Integer.MAX_VALUE, Timeouts.millisRoundedUp(Long.MAX_VALUE), "a huge timeout stays huge");
    }

    @Test
    void theWakeupLatchWritesOneSignalUntilDrainedAndTellsUserWakeupsApart() {
        AtomicInteger written = new AtomicInteger();
        WakeupLatch latch = new WakeupLatch(written::incrementAndGet);
        latch.signal();
        latch.signal();
        assertEquals(1, written.get(), "coalesced");
        assertFalse(latch.received(), "an internal signal does not make poll return");
        latch.request();
        latch.request();
        assertEquals(2, written.get());
        assertTrue(latch.received(), "the user's wakeup");
        latch.signalForClose();
        latch.signalForClose();
        assertEquals(4, written.get(), "close always writes");
        assertEquals(4, latch.signals());
    }

    @Test
    void theWakeupLatchWritesNothingAfterReleaseAndRetriesAfterAFailure() throws IOException {
        AtomicInteger written = new AtomicInteger();
        boolean[] fail = {true};
        WakeupLatch latch = new WakeupLatch(() -> {
            if (fail[0]) {
                throw new IOException("EBADF");
            }
            written.incrementAndGet();
        });
        assertThrows(UncheckedIOException.class, latch::signal);
        fail[0] = false;
        latch.signal();
        assertEquals(1, written.get(), "a failed write leaves no pending signal behind");
        latch.received();
        latch.release(() -> { });
        latch.signal();
        latch.signalForClose();
        assertEquals(1, written.get(), "released: nothing more is written");
    }

    @Test
    void statsAreReadWithoutTheLocksFromAnyThread() throws Exception {
        MemoryPoller p = new MemoryPoller();
        Registration r = p.register(3, Interest.READ, Mode.LEVEL, null);
        r.modify(Interest.WRITE);
        PollerStats[] seen = new PollerStats[1];
        synchronized (p.lock) {
            Thread t = new Thread(() -> seen[0] = p.stats()); // would deadlock if stats() took the lock
            t.start();
            t.join(5_000);
            assertFalse(t.isAlive(), "stats() waited for the poller's lock");
        }
        assertEquals(0, seen[0].polls());
        p.pollNow(new io.github.fdmux.ReadyEvents(4));
        assertEquals(1, p.stats().polls());
    }

    @Test
    void channelsOnlyNeedsNoIdentityAndRefusesNothing() throws IOException {
        DuplicateCheck c = DuplicateCheck.channelsOnly();
        assertNull(c.identity(3));
        assertFalse(c.kernelDecides());
        assertFalse(c.isDuplicateRefusal(new IOException("EEXIST")));
        DuplicateCheck k = DuplicateCheck.byKernelRefusal(e -> e.getMessage().equals("EEXIST"));
        assertTrue(k.kernelDecides());
        assertTrue(k.isDuplicateRefusal(new IOException("EEXIST")));
        DuplicateCheck f = DuplicateCheck.byFileIdentity(fd -> "file of " + fd);
        assertEquals("file of 7", f.identity(7));
        assertFalse(f.kernelDecides());
    }

    @Test
    void aPollScratchKeepsOrderGrowsAndForgetsWhatItHandsOut() {
        PollScratch<String> list = new PollScratch<>(1);
        list.start();
        long first = list.stamp();
        for (int i = 0; i < 5; i++) {
            list.add("r" + i);
        }
        assertEquals(5, list.size());
        assertEquals("r0", list.take(0));
        assertNull(list.take(0), "taken entries are forgotten");
        assertEquals("r4", list.take(4));
        list.start();
        assertEquals(first + 1, list.stamp(), "each poll has its own stamp");
        assertEquals(0, list.size());
        list.add("s");
        list.clear();
        assertEquals(0, list.size());
        assertThrows(IllegalArgumentException.class, () -> new PollScratch<String>(0));
    }
}
