package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The user_data encoding, on any host: kinds never collide, slots and sequences survive the round trip. */
class UserDataTest {

    @Test
    void aPollCarriesItsSlotAndIsNoneOfTheOtherKinds() {
        long u = UserData.poll(7, 123_456);
        assertTrue(UserData.isPoll(u));
        assertFalse(UserData.isRemoval(u));
        assertEquals(123_456, UserData.slot(u));
        assertNotEquals(UserData.WAKEUP, u);
        assertNotEquals(UserData.TIMEOUT, u);
        assertFalse(UserData.isPoll(UserData.WAKEUP) || UserData.isRemoval(UserData.WAKEUP));
        assertFalse(UserData.isPoll(UserData.TIMEOUT) || UserData.isRemoval(UserData.TIMEOUT));
    }

    @Test
    void theSequenceTellsTwoArmsOfOneSlotApart() {
        assertNotEquals(UserData.poll(1, 5), UserData.poll(2, 5));
        assertEquals(5, UserData.slot(UserData.poll(2, 5)));
        // 30 bits of sequence: it wraps without touching the kind bits
        long wrapped = UserData.poll(Integer.MAX_VALUE, 5);
        assertTrue(UserData.isPoll(wrapped));
        assertEquals(UserData.poll(0x3fff_ffff, 5), wrapped);
        assertEquals(UserData.poll(0, 5), UserData.poll(0x4000_0000, 5));
    }

    @Test
    void aRemovalNamesItsTargetAndLeadsBackToIt() {
        long target = UserData.poll(99, 42);
        long removal = UserData.removalOf(target);
        assertTrue(UserData.isRemoval(removal));
        assertFalse(UserData.isPoll(removal));
        assertEquals(42, UserData.slot(removal));
        assertEquals(target, UserData.targetOf(removal));
    }
}
