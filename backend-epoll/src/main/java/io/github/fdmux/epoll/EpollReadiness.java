package io.github.fdmux.epoll;

import static io.github.fdmux.epoll.EpollConstants.EPOLLERR;
import static io.github.fdmux.epoll.EpollConstants.EPOLLET;
import static io.github.fdmux.epoll.EpollConstants.EPOLLEXCLUSIVE;
import static io.github.fdmux.epoll.EpollConstants.EPOLLHUP;
import static io.github.fdmux.epoll.EpollConstants.EPOLLIN;
import static io.github.fdmux.epoll.EpollConstants.EPOLLONESHOT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLOUT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLPRI;
import static io.github.fdmux.epoll.EpollConstants.EPOLLRDHUP;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;

/** The two pure functions between fdmux's model and epoll's bits. */
final class EpollReadiness {
    private EpollReadiness() {
    }

    /**
     * The {@code events} mask for epoll_ctl. EPOLLRDHUP always goes with read interest, so a peer's
     * shutdown is seen as {@code readClosed} and not only as "readable, then read() returns 0" -
     * except with EPOLLEXCLUSIVE, which the kernel accepts only with EPOLLIN, EPOLLOUT, EPOLLERR,
     * EPOLLHUP, EPOLLWAKEUP and EPOLLET (EINVAL otherwise; fs/eventpoll.c EPOLLEXCLUSIVE_OK_BITS);
     * it is meant for listeners, which never half-close anyway. EPOLLERR and EPOLLHUP need no
     * asking: the kernel always reports them.
     *
     * @param interest what to wait for
     * @param mode how
     * @param exclusive EPOLLEXCLUSIVE
     * @return the mask
     */
    static int interestBits(Interest interest, Mode mode, boolean exclusive) {
        int bits = 0;
        if (interest.isReadable()) {
            bits |= exclusive ? EPOLLIN : EPOLLIN | EPOLLRDHUP;
        }
        if (interest.isWritable()) {
            bits |= EPOLLOUT;
        }
        if (mode.isEdge()) {
            bits |= EPOLLET;
        }
        if (mode.isOneshot()) {
            bits |= EPOLLONESHOT;
        }
        if (exclusive) {
            bits |= EPOLLEXCLUSIVE;
        }
        return bits;
    }

    /**
     * Maps an epoll_event's {@code events} to fdmux readiness bits. The kernel rules encoded:
     * <ul>
     *   <li>readable: EPOLLIN (or EPOLLPRI);</li>
     *   <li>writable: EPOLLOUT;</li>
     *   <li>readClosed: EPOLLHUP (both halves closed), or EPOLLIN with EPOLLRDHUP (FIN received or
     *       shutdown(SHUT_RD)); EPOLLRDHUP alone can arrive without EPOLLIN when read interest is
     *       off, so it needs EPOLLIN to mean "EOF is what a read returns";</li>
     *   <li>writeClosed: EPOLLHUP, or EPOLLOUT with EPOLLERR (the read end of a pipe closed), or
     *       EPOLLERR alone (a pipe's write end whose reader is gone);</li>
     *   <li>error: EPOLLERR.</li>
     * </ul>
     * (The same rules as mio's {@code sys/unix/selector/epoll.rs}.)
     *
     * @param events the kernel's bits
     * @return fdmux readiness bits
     */
    static int readyOps(int events) {
        int ops = 0;
        if ((events & (EPOLLIN | EPOLLPRI)) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if ((events & EPOLLOUT) != 0) {
            ops |= ReadyEvents.WRITABLE;
        }
        if ((events & EPOLLHUP) != 0 || ((events & EPOLLIN) != 0 && (events & EPOLLRDHUP) != 0)) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        if ((events & EPOLLHUP) != 0 || ((events & EPOLLOUT) != 0 && (events & EPOLLERR) != 0)
                || events == EPOLLERR) {
            ops |= ReadyEvents.WRITE_CLOSED;
        }
        if ((events & EPOLLERR) != 0) {
            ops |= ReadyEvents.ERROR;
        }
        return ops;
    }
}
