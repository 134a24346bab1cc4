package io.github.fdmux.select;

import io.github.fdmux.ReadyEvents;

/**
 * The pure function between select(2)'s three sets and fdmux's readiness bits.
 *
 * <p>select(2) says less than poll(2): an fd is in the read set when a read would not block, which
 * includes end of file, a hang-up and a pending error (Linux {@code fs/select.c}: {@code
 * POLLIN_SET = EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR}); in the write set when a
 * write would not block, including a pending error ({@code POLLOUT_SET = EPOLLWRBAND | EPOLLWRNORM
 * | EPOLLOUT | EPOLLERR}); in the exception set for urgent data ({@code POLLEX_SET = EPOLLPRI}).
 * FreeBSD's {@code sys_generic.c} ({@code select_flags}: POLLRDNORM | POLLHUP | POLLERR for read,
 * POLLWRNORM | POLLHUP | POLLERR for write, POLLRDBAND for except) says the same. So there is no
 * {@code readClosed}, {@code writeClosed} or {@code error} to report from the sets: a hang-up or an
 * error is {@code readable} (and {@code writable}), and the read or write that follows tells which.
 * The one {@code error} SELECT reports is its own: an fd closed while registered (see
 * {@link SelectPoller}).
 */
final class SelectReadiness {
    private SelectReadiness() {
    }

    /**
     * @param inRead   the fd is in the returned read set
     * @param inWrite  the fd is in the returned write set
     * @param inExcept the fd is in the returned exception set (urgent data: readable, as POLLPRI)
     * @param r        the registration, for what it asks for now (a change made during the wait
     *                 takes effect at once: nothing it no longer asks for is reported)
     * @return fdmux readiness bits, 0 if nothing it asks for is ready
     */
    static int readyOps(boolean inRead, boolean inWrite, boolean inExcept, SelectRegistration r) {
        int ops = 0;
        if ((inRead || inExcept) && r.read) {
            ops |= ReadyEvents.READABLE;
        }
        if (inWrite && r.write) {
            ops |= ReadyEvents.WRITABLE;
        }
        return ops;
    }
}
