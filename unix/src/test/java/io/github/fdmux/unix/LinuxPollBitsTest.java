package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.ReadyEvents;
import org.junit.jupiter.api.Test;

/** The Linux poll bits and their reading, on any host. */
class LinuxPollBitsTest {

    @Test
    void valuesAreThoseOfAsmGenericPollH() {
        // POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLRDHUP
        assertArrayEquals(new int[] {0x1, 0x2, 0x4, 0x8, 0x10, 0x2000}, new int[] {LinuxPollBits.POLLIN,
                LinuxPollBits.POLLPRI, LinuxPollBits.POLLOUT, LinuxPollBits.POLLERR, LinuxPollBits.POLLHUP,
                LinuxPollBits.POLLRDHUP});
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
