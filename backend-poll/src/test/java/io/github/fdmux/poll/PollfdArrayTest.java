package io.github.fdmux.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.unix.NativeBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The index maps and the move-last-into-hole compaction, without any poll(2). */
class PollfdArrayTest {
    private static final int WAKEUP_FD = 777;
    private PollfdArray array;
    private long bytesBefore;

    @BeforeEach
    void open() {
        bytesBefore = NativeBuffer.liveBytes();
        array = new PollfdArray(PollPlatform.LINUX, WAKEUP_FD);
    }

    @AfterEach
    void free() {
        array.free();
        array.free(); // idempotent
        assertEquals(bytesBefore, NativeBuffer.liveBytes(), "the array's native memory is freed");
    }

    private static PollRegistration reg(int fd) {
        return new PollRegistration(null, fd, null, Interest.READ, Mode.LEVEL, null, false);
    }

    /** Every entry i belongs to owner(i), whose index is i and whose fd is entry i's fd; entry 0 is the wakeup. */
    private void assertConsistent(Set<PollRegistration> live) {
        assertEquals(live.size() + 1, array.size(), "entries = registrations + wakeup");
        assertEquals(WAKEUP_FD, array.fd(0), "entry 0 is the wakeup fd");
        assertEquals(0x1, array.events(0), "polled for POLLIN");
        Set<PollRegistration> seen = new HashSet<>();
        for (int i = 1; i < array.size(); i++) {
            PollRegistration r = array.owner(i);
            assertEquals(i, r.index, "index map of entry " + i);
            assertEquals(r.fd(), array.fd(i), "fd of entry " + i);
            assertTrue(seen.add(r), "one entry per registration");
        }
        assertEquals(live, seen);
        for (PollRegistration r : live) {
            assertSame(r, array.owner(r.index));
        }
    }

    @Test
    void addAppendsAndRemoveMovesTheLastEntryIntoTheHole() {
        PollRegistration a = reg(10);
        PollRegistration b = reg(11);
        PollRegistration c = reg(12);
        array.add(a, 10, 0x1);
        array.add(b, 11, 0x4);
        array.add(c, 12, 0x2001);
        assertEquals(1, a.index);
        assertEquals(3, c.index);
        array.remove(a);
        assertEquals(-1, a.index);
        assertEquals(1, c.index, "the last entry took the hole");
        assertEquals(12, array.fd(1));
        assertEquals(0x2001, array.events(1), "with its events");
        assertConsistent(Set.of(b, c));
        array.remove(c); // entry 1 of 2: b, the last, moves into it
        assertEquals(1, b.index);
        assertEquals(0x4, array.events(1));
        assertConsistent(Set.of(b));
        array.remove(b); // the last entry: nothing moves
        assertConsistent(Set.of());
    }

    @Test
    void aMovedEntryKeepsItsRevents() {
        PollRegistration a = reg(10);
        PollRegistration b = reg(11);
        array.add(a, 10, 0x1);
        array.add(b, 11, 0x1);
        array.pointer().putShort(2L * 8 + 6, (short) 0x11); // the kernel said something about b
        array.remove(a);
        assertEquals(1, b.index);
        assertEquals(0x11, array.revents(1), "what the kernel said about b moved with it");
    }

    @Test
    void updateRewritesFdAndEventsOnly() {
        PollRegistration a = reg(5);
        array.add(a, 5, 0x1);
        array.pointer().putShort(8 + 6, (short) 0x1);
        array.update(a, ~5, 0x4);
        assertEquals(~5, array.fd(1));
        assertEquals(0x4, array.events(1));
        assertEquals(0x1, array.revents(1));
    }

    @Test
    void misuseIsRefused() {
        PollRegistration a = reg(5);
        array.add(a, 5, 0x1);
        assertThrows(IllegalStateException.class, () -> array.add(a, 5, 0x1), "added twice");
        PollRegistration stranger = reg(6);
        assertThrows(IllegalStateException.class, () -> array.remove(stranger), "never added");
        stranger.index = 1;
        assertThrows(IllegalStateException.class, () -> array.remove(stranger), "another's entry");
        assertConsistent(Set.of(a));
    }

    @Test
    void growsByDoublingAndShrinksWhenAQuarterIsUsed() {
        long base = NativeBuffer.liveBytes();
        assertEquals(PollfdArray.MIN_CAPACITY, array.capacity());
        List<PollRegistration> regs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            PollRegistration r = reg(100 + i);
            array.add(r, r.fd(), 0x1);
            regs.add(r);
        }
        assertEquals(1024, array.capacity(), "64 doubled until 1001 entries fit");
        assertEquals(base + (1024 - PollfdArray.MIN_CAPACITY) * 8L, NativeBuffer.liveBytes(),
                "one buffer of 1024 entries, the smaller ones freed");
        assertConsistent(new HashSet<>(regs));
        while (regs.size() > 10) {
            array.remove(regs.remove(regs.size() - 1));
        }
        assertEquals(PollfdArray.MIN_CAPACITY, array.capacity(), "shrunk back");
        assertEquals(base, NativeBuffer.liveBytes());
        assertConsistent(new HashSet<>(regs));
    }

    @Test
    void randomAddsAndRemovesKeepTheIndexMapsExact() {
        Random rnd = new Random(42);
        Set<PollRegistration> live = new HashSet<>();
        List<PollRegistration> order = new ArrayList<>();
        int nextFd = 3;
        for (int step = 0; step < 20_000; step++) {
            if (order.isEmpty() || rnd.nextInt(100) < 55 - (order.size() > 3000 ? 20 : 0)) {
                PollRegistration r = reg(nextFd++);
                array.add(r, r.fd(), 0x1);
                live.add(r);
                order.add(r);
            } else {
                PollRegistration r = order.remove(rnd.nextInt(order.size()));
                array.remove(r);
                live.remove(r);
            }
            if (step % 997 == 0) {
                assertConsistent(live);
            }
        }
        assertConsistent(live);
        for (PollRegistration r : order) {
            array.remove(r);
        }
        assertConsistent(Set.of());
        assertEquals(PollfdArray.MIN_CAPACITY, array.capacity());
    }
}
