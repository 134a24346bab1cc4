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
     * Maps a pollfd's {@code revents} to fdmux readiness bits, by the platform's {@link
     * PollPlatform.Hangup} rule (what its kernel means by POLLHUP). Common to all:
     * <ul>
     *   <li>readable: POLLIN (or POLLPRI); writable: POLLOUT;</li>
     *   <li>readClosed also from POLLIN with POLLRDHUP (a FIN: EOF is what a read returns). Where
     *       there is no POLLRDHUP (macOS, OpenBSD) a half-close shows only as readable and the read
     *       returning 0, so readClosed is a hint there;</li>
     *   <li>error: POLLERR, or POLLNVAL. POLLNVAL means the fd number is not open: it was closed
     *       while still registered. poll(2) polls fd numbers, not open files, so unlike epoll and
     *       kqueue it keeps reporting such a registration, as an error, until it is cancelled
     *       (or, for ONESHOT, once until it is re-armed). POLLNVAL comes alone.</li>
     * </ul>
     * Per rule:
     * <ul>
     *   <li>{@link PollPlatform.Hangup#LINUX}: POLLHUP is readClosed+writeClosed (a pipe without
     *       writers, a reset or fully shut socket); POLLOUT with POLLERR (a pipe whose reader is
     *       gone: the write would fail with EPIPE) or POLLERR alone is writeClosed. (The same rules
     *       as {@code EpollReadiness.readyOps}: on Linux the EPOLL* and POLL* values are the same.)</li>
     *   <li>{@link PollPlatform.Hangup#POSIX} (FreeBSD, OpenBSD): POLLHUP is readClosed+writeClosed
     *       as on Linux, but the kernel strips POLLOUT whenever it sets POLLHUP (FreeBSD
     *       sys/kern/sys_generic.c {@code pollscan}: "POSIX requires POLLOUT to be never set
     *       simultaneously with POLLHUP"; OpenBSD sys/kern/sys_generic.c {@code ppollcollect}), so
     *       with write interest POLLHUP also means writable: a write fails at once (EPIPE), it does
     *       not block. FreeBSD's {@code sopoll_generic} (sys/kern/uipc_socket.c) sets POLLHUP only
     *       when both directions are shut and never sets POLLERR on a socket.</li>
     *   <li>{@link PollPlatform.Hangup#KQUEUE} (macOS): poll(2) is built on kqueue (XNU
     *       bsd/kern/sys_generic.c {@code poll_nocancel} registers EVFILT_READ for read interest and
     *       EVFILT_WRITE for write interest; {@code poll_callback} turns EV_EOF of either into POLLHUP,
     *       drops POLLOUT once POLLHUP is set, and ignores the error in fflags). A peer's FIN sets
     *       EV_EOF on the read filter (bsd/kern/uipc_socket.c {@code filt_soread_common}), so POLLHUP
     *       does not say that the write side is closed: with read interest it is readClosed only
     *       (a half-closed socket can still send its response); with write interest alone it is the
     *       write filter's EV_EOF ({@code filt_sowrite_common}, {@code filt_pipe_draincommon}):
     *       writable+writeClosed, as KQUEUE reports it. A reset cannot be told from a FIN: no POLLERR.</li>
     * </ul>
     *
     * @param revents the kernel's bits
     * @param events the bits the entry asked for (what decides the filters on macOS)
     * @param platform the POLL* values and the hang-up rule
     * @return fdmux readiness bits
     */
    static int readyOps(int revents, int events, PollPlatform platform) {
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
        if (in && (revents & platform.pollRdHup()) != 0) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        if (err || (revents & platform.pollNval()) != 0) {
            ops |= ReadyEvents.ERROR;
        }
        if (!hup) {
            if ((out && err) || revents == platform.pollErr()) {
                ops |= ReadyEvents.WRITE_CLOSED;
            }
            return ops;
        }
        boolean askedRead = (events & platform.pollIn()) != 0;
        boolean askedWrite = (events & platform.pollOut()) != 0;
        switch (platform.hangup()) {
            case KQUEUE:
                if (askedRead || !askedWrite) {
                    ops |= ReadyEvents.READ_CLOSED;
                } else {
                    ops |= ReadyEvents.WRITABLE | ReadyEvents.WRITE_CLOSED;
                }
                break;
            case POSIX:
                ops |= ReadyEvents.READ_CLOSED | ReadyEvents.WRITE_CLOSED;
                if (askedWrite) {
                    ops |= ReadyEvents.WRITABLE;
                }
                break;
            default:
                ops |= ReadyEvents.READ_CLOSED | ReadyEvents.WRITE_CLOSED;
                break;
        }
        return ops;
    }
}
