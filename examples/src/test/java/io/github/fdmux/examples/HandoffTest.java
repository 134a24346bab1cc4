package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hand-off's rules: one holder at a time, and the idle sweep never closes a connection a worker has. */
class HandoffTest {

    /** @return a new hand-off, taken by a worker (every test starts there) */
    private static Handoff takenByAWorker() {
        Handoff h = new Handoff();
        assertTrue(h.take(), "a new connection is armed: the first report takes it");
        return h;
    }

    @Test
    void oneTakerAtATimeUntilReleased() {
        Handoff h = takenByAWorker();
        assertFalse(h.take(), "a second report while a worker has it is dropped");
        h.release();
        assertTrue(h.take());
    }

    @Test
    void theIdleSweepClosesOnlyAnArmedConnection() {
        Handoff h = takenByAWorker();
        assertFalse(h.closeIfArmed(), "a worker has it");
        h.release();
        assertTrue(h.closeIfArmed());
        assertFalse(h.take(), "closed: nobody takes it any more");
    }

    @Test
    void closeWinsWhoeverHadIt() {
        Handoff h = takenByAWorker();
        h.close();
        assertFalse(h.take());
        assertFalse(h.closeIfArmed());
    }
}
