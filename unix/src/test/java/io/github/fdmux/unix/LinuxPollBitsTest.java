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
        assertArrayEquals(new int[] {0x1, 0x2, 0x4, 0x8, 0x10, 0x2000}, new int[] {LinuxConstants.POLLIN,
                LinuxConstants.POLLPRI, LinuxConstants.POLLOUT, LinuxConstants.POLLERR, LinuxConstants.POLLHUP,
                LinuxConstants.POLLRDHUP});
    }

    @Test
    void rdhupNeedsInToBeReadClosedAndErrAloneClosesTheWriteSide() {
        assertEquals(0, LinuxPollBits.readyOps(LinuxConstants.POLLRDHUP));
        assertEquals(ReadyEvents.READABLE | ReadyEvents.READ_CLOSED,
                LinuxPollBits.readyOps(LinuxConstants.POLLIN | LinuxConstants.POLLRDHUP));
        assertEquals(ReadyEvents.WRITE_CLOSED | ReadyEvents.ERROR, LinuxPollBits.readyOps(LinuxConstants.POLLERR));
        assertEquals(ReadyEvents.READ_CLOSED | ReadyEvents.WRITE_CLOSED, LinuxPollBits.readyOps(LinuxConstants.POLLHUP));
    }
}
