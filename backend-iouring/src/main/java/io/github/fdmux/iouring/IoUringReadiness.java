package io.github.fdmux.iouring;

import static io.github.fdmux.unix.LinuxConstants.POLLERR;
import static io.github.fdmux.unix.LinuxConstants.POLLHUP;
import static io.github.fdmux.unix.LinuxConstants.POLLIN;
import static io.github.fdmux.unix.LinuxConstants.POLLOUT;
import static io.github.fdmux.unix.LinuxConstants.POLLRDHUP;

import io.github.fdmux.Interest;
import io.github.fdmux.unix.LinuxPollBits;

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
     * ({@link LinuxPollBits#readyOps}).
     *
     * @param mask {@code cqe->res} of a successful poll, more than 0
     * @return fdmux readiness bits
     */
    static int readyOps(int mask) {
        return LinuxPollBits.readyOps(mask);
    }
}
