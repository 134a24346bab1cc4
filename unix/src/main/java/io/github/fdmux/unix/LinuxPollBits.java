package io.github.fdmux.unix;

import static io.github.fdmux.unix.LinuxConstants.POLLERR;
import static io.github.fdmux.unix.LinuxConstants.POLLHUP;
import static io.github.fdmux.unix.LinuxConstants.POLLIN;
import static io.github.fdmux.unix.LinuxConstants.POLLOUT;
import static io.github.fdmux.unix.LinuxConstants.POLLPRI;
import static io.github.fdmux.unix.LinuxConstants.POLLRDHUP;

import io.github.fdmux.ReadyEvents;

/**
 * The one reading of Linux's poll bits as fdmux readiness that EPOLL and IO_URING share: the bits
 * epoll_event.events and io_uring's POLL_ADD masks carry (the EPOLL* values of
 * {@code include/uapi/linux/eventpoll.h} are the POLL* values of
 * {@code include/uapi/asm-generic/poll.h}). The values themselves are in {@link LinuxConstants}.
 */
public final class LinuxPollBits {
    private LinuxPollBits() {
    }

    /**
     * Maps Linux poll bits to fdmux readiness bits. The kernel rules encoded:
     * <ul>
     *   <li>readable: POLLIN (or POLLPRI);</li>
     *   <li>writable: POLLOUT;</li>
     *   <li>readClosed: POLLHUP (both halves closed), or POLLIN with POLLRDHUP (FIN received or
     *       shutdown(SHUT_RD)); POLLRDHUP alone can arrive without POLLIN when read interest is
     *       off, so it needs POLLIN to mean "EOF is what a read returns";</li>
     *   <li>writeClosed: POLLHUP, or POLLOUT with POLLERR (the read end of a pipe closed), or
     *       POLLERR alone (a pipe's write end whose reader is gone);</li>
     *   <li>error: POLLERR.</li>
     * </ul>
     * (The same rules as mio's {@code sys/unix/selector/epoll.rs}.)
     *
     * @param bits the kernel's bits
     * @return fdmux readiness bits
     */
    public static int readyOps(int bits) {
        int ops = 0;
        if ((bits & (POLLIN | POLLPRI)) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if ((bits & POLLOUT) != 0) {
            ops |= ReadyEvents.WRITABLE;
        }
        if ((bits & POLLHUP) != 0 || ((bits & POLLIN) != 0 && (bits & POLLRDHUP) != 0)) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        if ((bits & POLLHUP) != 0 || ((bits & POLLOUT) != 0 && (bits & POLLERR) != 0) || bits == POLLERR) {
            ops |= ReadyEvents.WRITE_CLOSED;
        }
        if ((bits & POLLERR) != 0) {
            ops |= ReadyEvents.ERROR;
        }
        return ops;
    }
}
