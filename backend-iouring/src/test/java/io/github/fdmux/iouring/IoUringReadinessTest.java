package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;
import org.junit.jupiter.api.Test;

class IoUringReadinessTest {
    private static final int R = ReadyEvents.READABLE;
    private static final int W = ReadyEvents.WRITABLE;
    private static final int RC = ReadyEvents.READ_CLOSED;
    private static final int WC = ReadyEvents.WRITE_CLOSED;
    private static final int E = ReadyEvents.ERROR;

    @Test
    void everyMaskAsksForErrorsAndHangups() {
        assertEquals(0x8 | 0x10, IoUringReadiness.interestBits(Interest.NONE));
        assertEquals(0x1 | 0x2000 | 0x8 | 0x10, IoUringReadiness.interestBits(Interest.READ));
        assertEquals(0x4 | 0x8 | 0x10, IoUringReadiness.interestBits(Interest.WRITE));
        assertEquals(0x1 | 0x2000 | 0x4 | 0x8 | 0x10, IoUringReadiness.interestBits(Interest.READ_WRITE));
    }

    @Test
    void resultsMapAsEpollsBits() {
        assertEquals(R, IoUringReadiness.readyOps(0x1));
        assertEquals(R, IoUringReadiness.readyOps(0x2));
        assertEquals(W, IoUringReadiness.readyOps(0x4));
        assertEquals(R | RC, IoUringReadiness.readyOps(0x1 | 0x2000));
        assertEquals(0, IoUringReadiness.readyOps(0x2000)); // RDHUP without IN: not yet what a read returns
        assertEquals(RC | WC, IoUringReadiness.readyOps(0x10));
        assertEquals(W | WC | E, IoUringReadiness.readyOps(0x4 | 0x8));
        assertEquals(WC | E, IoUringReadiness.readyOps(0x8));
        assertEquals(R | W | RC | WC | E, IoUringReadiness.readyOps(0x1 | 0x4 | 0x8 | 0x10 | 0x2000));
    }
}
