package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hand-off's rules: one holder at a time, and the idle sweep never closes a connection a worker has. */
class HandoffTest {

    @Test
    void oneTakerAtATimeUntilReleased() {
        Handoff h = new Handoff();
        assertTrue(h.take());
        assertFalse(h.take(), "a second report while a worker has it is dropped");
        h.release();
        assertTrue(h.take());
    }

    @Test
    void theIdleSweepClosesOnlyAnArmedConnection() {
        Handoff h = new Handoff();
        assertTrue(h.take());
        assertFalse(h.closeIfArmed(), "a worker has it");
        h.release();
        assertTrue(h.closeIfArmed());
        assertFalse(h.take(), "closed: nobody takes it any more");
    }

    @Test
    void closeWinsWhoeverHadIt() {
        Handoff h = new Handoff();
        assertTrue(h.take());
        h.close();
        assertFalse(h.take());
        assertFalse(h.closeIfArmed());
    }
}
