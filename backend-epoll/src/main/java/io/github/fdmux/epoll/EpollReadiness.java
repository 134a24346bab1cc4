package io.github.fdmux.epoll;

import static io.github.fdmux.epoll.EpollConstants.EPOLLET;
import static io.github.fdmux.epoll.EpollConstants.EPOLLEXCLUSIVE;
import static io.github.fdmux.epoll.EpollConstants.EPOLLIN;
import static io.github.fdmux.epoll.EpollConstants.EPOLLONESHOT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLOUT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLRDHUP;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.unix.LinuxPollBits;

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
     * Maps an epoll_event's {@code events} to fdmux readiness bits ({@link LinuxPollBits#readyOps}:
     * the EPOLL* bits are Linux's poll bits).
     *
     * @param events the kernel's bits
     * @return fdmux readiness bits
     */
    static int readyOps(int events) {
        return LinuxPollBits.readyOps(events);
    }
}
