package io.github.fdmux.iouring;

import static io.github.fdmux.iouring.IoUringConstants.POLLERR;
import static io.github.fdmux.iouring.IoUringConstants.POLLHUP;
import static io.github.fdmux.iouring.IoUringConstants.POLLIN;
import static io.github.fdmux.iouring.IoUringConstants.POLLOUT;
import static io.github.fdmux.iouring.IoUringConstants.POLLPRI;
import static io.github.fdmux.iouring.IoUringConstants.POLLRDHUP;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;

/**
 * The two pure functions between fdmux's model and the poll mask of a POLL_ADD and of its
 * completion ({@code cqe->res}). io_uring takes and returns the epoll_event bit values
 * (io_uring/poll.c {@code io_poll_parse_events} demangles them, {@code mangle_poll} makes the result).
 */
final class IoUringReadiness {
    private IoUringReadiness() {
    }

    /**
     * The poll32_events of a POLL_ADD. Unlike epoll_ctl, which adds EPOLLERR|EPOLLHUP to every
     * interest itself (fs/eventpoll.c), io_uring reports only the bits asked for
     * ({@code vfs_poll(...) & poll->events} in io_uring/poll.c), so they are asked for here: the
     * same "always reported" hang-ups and errors as EPOLL. POLLRDHUP goes with read interest so a
     * peer's shutdown is seen as readClosed.
     *
     * @param interest what to wait for
     * @return the mask
     */
    static int interestBits(Interest interest) {
        int bits = POLLERR | POLLHUP;
        if (interest.isReadable()) {
            bits |= POLLIN | POLLRDHUP;
        }
        if (interest.isWritable()) {
            bits |= POLLOUT;
        }
        return bits;
    }

    /**
     * Maps a completion's mask to fdmux readiness bits, by the rules EPOLL uses for the same bits
     * (see EpollReadiness in backend-epoll, and mio's {@code sys/unix/selector/epoll.rs}):
     * readable = POLLIN or POLLPRI; writable = POLLOUT; readClosed = POLLHUP, or POLLIN with
     * POLLRDHUP; writeClosed = POLLHUP, or POLLOUT with POLLERR, or POLLERR alone; error = POLLERR.
     *
     * @param mask {@code cqe->res} of a successful poll, more than 0
     * @return fdmux readiness bits
     */
    static int readyOps(int mask) {
        int ops = 0;
        if ((mask & (POLLIN | POLLPRI)) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if ((mask & POLLOUT) != 0) {
            ops |= ReadyEvents.WRITABLE;
        }
        if ((mask & POLLHUP) != 0 || ((mask & POLLIN) != 0 && (mask & POLLRDHUP) != 0)) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        if ((mask & POLLHUP) != 0 || ((mask & POLLOUT) != 0 && (mask & POLLERR) != 0) || mask == POLLERR) {
            ops |= ReadyEvents.WRITE_CLOSED;
        }
        if ((mask & POLLERR) != 0) {
            ops |= ReadyEvents.ERROR;
        }
        return ops;
    }
}
