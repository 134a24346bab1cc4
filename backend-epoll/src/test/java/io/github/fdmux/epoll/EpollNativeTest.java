package io.github.fdmux.epoll;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpollNativeTest {
    @Test
    void epollPwait2IsNotUsedWhereTimespecMayHaveA32BitTimeT() {
        // EpollPoller writes the timespec as two 64-bit fields: right on LP64 only.
        assertNull(EpollNative.pwait2Refusal(8));
        String why = EpollNative.pwait2Refusal(4);
        assertNotNull(why);
        assertTrue(why.startsWith("epoll_wait (millisecond timeouts)"), why);
    }
}
