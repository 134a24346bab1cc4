package io.github.fdmux.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvent;
import org.junit.jupiter.api.Test;

/**
 * Each platform's raw {@code revents}, as its kernel sets them for the conformance catalogue's
 * hang-up scenarios, fed to the decoder on any host.
 */
class PollReadinessTest {
    private static final PollPlatform LINUX = PollPlatform.LINUX;
    private static final PollPlatform MACOS = PollPlatform.DARWIN;
    private static final PollPlatform FREEBSD = PollPlatform.FREEBSD;
    private static final PollPlatform OPENBSD = PollPlatform.OPENBSD;
    private static final int IN = 0x1;
    private static final int PRI = 0x2;
    private static final int OUT = 0x4;
    private static final int ERR = 0x8;
    private static final int HUP = 0x10;
    private static final int NVAL = 0x20;
    private static final int RDHUP = 0x2000;
    private static final int FREEBSD_RDHUP = 0x4000;

    @Test
    void readInterestAsksForRdhupWhereThePlatformHasIt() {
        assertEquals(IN | RDHUP, PollReadiness.interestBits(Interest.READ, LINUX));
        assertEquals(IN | FREEBSD_RDHUP, PollReadiness.interestBits(Interest.READ, FREEBSD));
        assertEquals(IN, PollReadiness.interestBits(Interest.READ, MACOS));
        assertEquals(IN, PollReadiness.interestBits(Interest.READ, OPENBSD));
        assertEquals(OUT, PollReadiness.interestBits(Interest.WRITE, LINUX));
        assertEquals(IN | RDHUP | OUT, PollReadiness.interestBits(Interest.READ_WRITE, LINUX));
        assertEquals(IN | OUT, PollReadiness.interestBits(Interest.READ_WRITE, OPENBSD));
        assertEquals(0, PollReadiness.interestBits(Interest.NONE, LINUX));
    }

    @Test
    void linuxCombinations() {
        int r = IN | RDHUP;
        assertEquals("none", linux(0, r));
        assertEquals("readable", linux(IN, r));
        assertEquals("readable", linux(PRI, r));
        assertEquals("writable", linux(OUT, OUT));
        // FIN from the peer with read interest.
        assertEquals("readable+readClosed", linux(IN | RDHUP, r));
        // RDHUP without IN: not an EOF a read would see.
        assertEquals("none", linux(RDHUP, r));
        // RST: Linux sets the error and shuts both directions.
        assertEquals("readable+readClosed+writeClosed+error", linux(IN | RDHUP | ERR | HUP, r));
        // Interest NONE still gets the forced bits of a reset.
        assertEquals("readClosed+writeClosed+error", linux(ERR | HUP, 0));
        // Pipe read end whose writer closed (empty): POLLHUP alone; with data left: IN too.
        assertEquals("readClosed+writeClosed", linux(HUP, r));
        assertEquals("readable+readClosed+writeClosed", linux(IN | HUP, r));
        // Pipe write end whose reader closed.
        assertEquals("writable+writeClosed+error", linux(OUT | ERR, OUT));
        assertEquals("writeClosed+error", linux(ERR, OUT));
    }

    @Test
    void pollnvalIsAnErrorAndNothingElse() {
        // The fd was closed while registered.
        assertEquals("error", linux(NVAL, IN | RDHUP));
        assertEquals("error", describe(NVAL, IN, MACOS));
        assertEquals("error", describe(NVAL, IN | FREEBSD_RDHUP, FREEBSD));
    }

    /**
     * macOS: XNU bsd/kern/sys_generic.c poll_callback: EV_EOF of a filter becomes POLLHUP, POLLIN
     * stays (the read filter's mask includes it), POLLOUT is dropped once POLLHUP is set, fflags
     * (the socket error) are ignored; poll_nocancel registers no filter for events == 0.
     */
    @Test
    void macosPollhupIsTheEofOfTheFiltersAskedFor() {
        // FIN (peer close or shutdown(SHUT_WR)): filt_soread_common sets EV_EOF -> POLLIN|POLLHUP.
        assertEquals("readable+readClosed", describe(IN | HUP, IN, MACOS));
        // The same with READ_WRITE: the read knote fired first, POLLOUT was dropped. Not writeClosed:
        // the write side is untouched and a response can still be sent.
        assertEquals("readable+readClosed", describe(IN | HUP, IN | OUT, MACOS));
        // ... or the write knote came first and POLLOUT made it in.
        assertEquals("readable+writable+readClosed", describe(IN | OUT | HUP, IN | OUT, MACOS));
        // Reset: EV_EOF with fflags ECONNRESET on the read filter, no POLLERR.
        assertEquals("readable+readClosed", describe(IN | HUP, IN, MACOS));
        // Pipe read end, writer gone: filt_pipe_draincommon EV_EOF on the read filter.
        assertEquals("readable+readClosed", describe(IN | HUP, IN, MACOS));
        // Pipe write end, reader gone: EV_EOF on the write filter, POLLOUT dropped -> POLLHUP alone:
        // a write fails at once (EPIPE), as KQUEUE's writable+writeClosed says.
        assertEquals("writable+writeClosed", describe(HUP, OUT, MACOS));
        // A FIN without POLLRDHUP: readable only until POLLHUP.
        assertEquals("readable", describe(IN, IN, MACOS));
    }

    /**
     * FreeBSD: sys/kern/uipc_socket.c sopoll_generic sets POLLHUP only when both directions are shut
     * and never POLLERR; sys/kern/sys_generic.c pollscan clears POLLOUT whenever POLLHUP is set;
     * sys/kern/sys_pipe.c pipe_poll sets POLLHUP when the other end is gone.
     */
    @Test
    void freebsdPollhupIsBothDirectionsAndHidesPollout() {
        int r = IN | FREEBSD_RDHUP;
        // FIN: SBS_CANTRCVMORE -> POLLIN|POLLRDHUP (+POLLOUT with write interest).
        assertEquals("readable+readClosed", describe(IN | FREEBSD_RDHUP, r, FREEBSD));
        assertEquals("readable+writable+readClosed", describe(IN | OUT | FREEBSD_RDHUP, r | OUT, FREEBSD));
        // Linux's POLLRDHUP value means nothing there.
        assertEquals("readable", describe(IN | RDHUP, r, FREEBSD));
        // Reset: both shut -> POLLIN|POLLRDHUP|POLLHUP, no POLLERR.
        assertEquals("readable+readClosed+writeClosed", describe(IN | FREEBSD_RDHUP | HUP, r, FREEBSD));
        // No interest: POLLHUP is not masked by events.
        assertEquals("readClosed+writeClosed", describe(HUP, 0, FREEBSD));
        // Pipe read end, writer gone: POLLIN|POLLHUP.
        assertEquals("readable+readClosed+writeClosed", describe(IN | HUP, r, FREEBSD));
        // Pipe write end, reader gone: POLLOUT|POLLHUP, POLLOUT cleared by pollscan: writable again.
        assertEquals("writable+readClosed+writeClosed", describe(HUP, OUT, FREEBSD));
    }

    /** OpenBSD: sys/kern/sys_generic.c ppollcollect: "POLLHUP and POLLOUT/POLLWRNORM are mutually exclusive". */
    @Test
    void openbsdFollowsThePosixRule() {
        assertEquals("writable+readClosed+writeClosed", describe(HUP, OUT, OPENBSD));
        assertEquals("readable+readClosed+writeClosed", describe(IN | HUP, IN, OPENBSD));
        assertEquals("readable", describe(IN, IN, OPENBSD));
    }

    private static String linux(int revents, int events) {
        return describe(revents, events, LINUX);
    }

    private static String describe(int revents, int events, PollPlatform platform) {
        return ReadyEvent.describe(PollReadiness.readyOps(revents, events, platform));
    }
}
