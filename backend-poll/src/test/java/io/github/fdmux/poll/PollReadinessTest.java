package io.github.fdmux.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvent;
import org.junit.jupiter.api.Test;

class PollReadinessTest {
    private static final PollPlatform LINUX = PollPlatform.LINUX;
    private static final PollPlatform MACOS = PollPlatform.DARWIN;
    private static final int IN = 0x1;
    private static final int PRI = 0x2;
    private static final int OUT = 0x4;
    private static final int ERR = 0x8;
    private static final int HUP = 0x10;
    private static final int NVAL = 0x20;
    private static final int RDHUP = 0x2000;

    @Test
    void readInterestAsksForRdhupWhereThePlatformHasIt() {
        assertEquals(IN | RDHUP, PollReadiness.interestBits(Interest.READ, LINUX));
        assertEquals(IN | 0x4000, PollReadiness.interestBits(Interest.READ, PollPlatform.FREEBSD));
        assertEquals(IN, PollReadiness.interestBits(Interest.READ, MACOS));
        assertEquals(IN, PollReadiness.interestBits(Interest.READ, PollPlatform.OPENBSD));
        assertEquals(OUT, PollReadiness.interestBits(Interest.WRITE, LINUX));
        assertEquals(IN | RDHUP | OUT, PollReadiness.interestBits(Interest.READ_WRITE, LINUX));
        assertEquals(IN | OUT, PollReadiness.interestBits(Interest.READ_WRITE, PollPlatform.NETBSD));
        assertEquals(0, PollReadiness.interestBits(Interest.NONE, LINUX));
    }

    @Test
    void decodesTheKernelsCombinations() {
        assertEquals("none", describe(0));
        assertEquals("readable", describe(IN));
        assertEquals("readable", describe(PRI));
        assertEquals("writable", describe(OUT));
        // FIN from the peer with read interest.
        assertEquals("readable+readClosed", describe(IN | RDHUP));
        // RDHUP without IN: not an EOF a read would see.
        assertEquals("none", describe(RDHUP));
        // RST: Linux sets the error and shuts both directions.
        assertEquals("readable+readClosed+writeClosed+error", describe(IN | RDHUP | ERR | HUP));
        // Interest NONE still gets the forced bits of a reset.
        assertEquals("readClosed+writeClosed+error", describe(ERR | HUP));
        // Pipe read end whose writer closed (empty): POLLHUP alone; with data left: IN too.
        assertEquals("readClosed+writeClosed", describe(HUP));
        assertEquals("readable+readClosed+writeClosed", describe(IN | HUP));
        // Pipe write end whose reader closed.
        assertEquals("writable+writeClosed+error", describe(OUT | ERR));
        assertEquals("writeClosed+error", describe(ERR));
    }

    @Test
    void pollnvalIsAnErrorAndNothingElse() {
        // The fd was closed while registered.
        assertEquals("error", describe(NVAL));
    }

    @Test
    void withoutRdhupAHalfCloseIsOnlyReadable() {
        // macOS/OpenBSD/NetBSD report a FIN as POLLIN; no bit says "closed" until POLLHUP.
        assertEquals("readable", ReadyEvent.describe(PollReadiness.readyOps(IN, MACOS)));
        assertEquals("readable+readClosed+writeClosed", ReadyEvent.describe(PollReadiness.readyOps(IN | HUP, MACOS)));
        // FreeBSD's POLLRDHUP is 0x4000, not Linux's 0x2000.
        assertEquals("readable+readClosed",
                ReadyEvent.describe(PollReadiness.readyOps(IN | 0x4000, PollPlatform.FREEBSD)));
        assertEquals("readable", ReadyEvent.describe(PollReadiness.readyOps(IN | RDHUP, PollPlatform.FREEBSD)));
    }

    private static String describe(int revents) {
        return ReadyEvent.describe(PollReadiness.readyOps(revents, LINUX));
    }
}
