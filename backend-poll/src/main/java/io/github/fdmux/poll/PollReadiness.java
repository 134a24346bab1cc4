package io.github.fdmux.poll;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;

/** The two pure functions between fdmux's model and poll(2)'s bits, for one platform's table. */
final class PollReadiness {
    private PollReadiness() {
    }

    /**
     * The {@code events} of a pollfd. POLLRDHUP goes with read interest where the platform has it
     * (Linux; FreeBSD since 2021), so a peer's shutdown is seen as {@code readClosed} and not only
     * as "readable, then read() returns 0". POLLERR, POLLHUP and POLLNVAL need no asking: poll(2)
     * always reports them (an entry with no interest still reports a hang-up).
     *
     * @param interest what to wait for
     * @param platform the POLL* values
     * @return the events mask
     */
    static int interestBits(Interest interest, PollPlatform platform) {
        int bits = 0;
        if (interest.isReadable()) {
            bits |= platform.pollIn() | platform.pollRdHup();
        }
        if (interest.isWritable()) {
            bits |= platform.pollOut();
        }
        return bits;
    }

    /**
     * Maps a pollfd's {@code revents} to fdmux readiness bits. The kernel rules encoded:
     * <ul>
     *   <li>readable: POLLIN (or POLLPRI);</li>
     *   <li>writable: POLLOUT;</li>
     *   <li>readClosed: POLLHUP (the peer is gone: a pipe without writers, a reset or fully closed
     *       socket), or POLLIN with POLLRDHUP (FIN received: EOF is what a read returns). Where
     *       there is no POLLRDHUP (macOS, OpenBSD, NetBSD) a half-close shows only as readable and
     *       the read returning 0, so readClosed is a hint there;</li>
     *   <li>writeClosed: POLLHUP, or POLLOUT with POLLERR (a pipe whose reader is gone: the write
     *       would fail with EPIPE), or POLLERR alone;</li>
     *   <li>error: POLLERR, or POLLNVAL. POLLNVAL means the fd number is not open: it was closed
     *       while still registered. poll(2) polls fd numbers, not open files, so unlike epoll and
     *       kqueue it keeps reporting such a registration, as an error, until it is cancelled
     *       (or, for ONESHOT, once until it is re-armed). POLLNVAL comes alone.</li>
     * </ul>
     * (The same rules as {@code EpollReadiness.readyOps}, whose bits have the same meanings: on
     * Linux the EPOLL* and POLL* values are the same numbers.)
     *
     * @param revents the kernel's bits
     * @param platform the POLL* values
     * @return fdmux readiness bits
     */
    static int readyOps(int revents, PollPlatform platform) {
        int ops = 0;
        boolean in = (revents & platform.pollIn()) != 0;
        boolean out = (revents & platform.pollOut()) != 0;
        boolean err = (revents & platform.pollErr()) != 0;
        boolean hup = (revents & platform.pollHup()) != 0;
        if (in || (revents & platform.pollPri()) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if (out) {
            ops |= ReadyEvents.WRITABLE;
        }
        if (hup || (in && (revents & platform.pollRdHup()) != 0)) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        if (hup || (out && err) || revents == platform.pollErr()) {
            ops |= ReadyEvents.WRITE_CLOSED;
        }
        if (err || (revents & platform.pollNval()) != 0) {
            ops |= ReadyEvents.ERROR;
        }
        return ops;
    }
}
