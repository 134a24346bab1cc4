package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.fdmux.spi.testing.MemoryPoller;
import org.junit.jupiter.api.Test;

class RegistrationTableTest {

    @Test
    void aFreedSlotsOldTokenNeverFindsItsSuccessor() {
        RegistrationTable<MemoryPoller.Reg> t = new RegistrationTable<>();
        MemoryPoller p = new MemoryPoller();
        MemoryPoller.Reg a = p.reg(3);
        t.add(a);
        long oldToken = a.token();
        assertSame(a, t.lookup(oldToken));
        t.remove(a);
        assertNull(t.lookup(oldToken));
        MemoryPoller.Reg b = p.reg(3);
        t.add(b);
        assertEquals((int) oldToken, (int) b.token(), "the slot is reused");
        assertNotEquals(oldToken, b.token(), "with a new generation");
        assertNull(t.lookup(oldToken), "the old token stays dead");
        assertSame(b, t.lookup(b.token()));
    }

    @Test
    void growsAndLooksUpManyRegistrations() {
        RegistrationTable<MemoryPoller.Reg> t = new RegistrationTable<>();
        MemoryPoller p = new MemoryPoller();
        MemoryPoller.Reg[] regs = new MemoryPoller.Reg[1000];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = p.reg(i);
            t.add(regs[i]);
        }
        assertEquals(1000, t.size());
        for (MemoryPoller.Reg r : regs) {
            assertSame(r, t.lookup(r.token()));
        }
        assertNull(t.lookup(-1L), "the wakeup token is never a registration");
        assertNull(t.lookup(5000L));
    }
}
