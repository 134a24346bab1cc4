package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.ReadyEvents;
import org.junit.jupiter.api.Test;

/** The Linux poll bits and their reading, on any host. */
class LinuxPollBitsTest {

    @Test
    void valuesAreThoseOfAsmGenericPollH() {
        assertEquals(0x1, LinuxPollBits.POLLIN);
        assertEquals(0x2, LinuxPollBits.POLLPRI);
        assertEquals(0x4, LinuxPollBits.POLLOUT);
        assertEquals(0x8, LinuxPollBits.POLLERR);
        assertEquals(0x10, LinuxPollBits.POLLHUP);
        assertEquals(0x2000, LinuxPollBits.POLLRDHUP);
    }

    @Test
    void rdhupNeedsInToBeReadClosedAndErrAloneClosesTheWriteSide() {
        assertEquals(0, LinuxPollBits.readyOps(LinuxPollBits.POLLRDHUP));
        assertEquals(ReadyEvents.READABLE | ReadyEvents.READ_CLOSED,
                LinuxPollBits.readyOps(LinuxPollBits.POLLIN | LinuxPollBits.POLLRDHUP));
        assertEquals(ReadyEvents.WRITE_CLOSED | ReadyEvents.ERROR, LinuxPollBits.readyOps(LinuxPollBits.POLLERR));
        assertEquals(ReadyEvents.READ_CLOSED | ReadyEvents.WRITE_CLOSED, LinuxPollBits.readyOps(LinuxPollBits.POLLHUP));
    }
}
