package io.github.fdmux.unix;

import io.github.fdmux.ReadyEvents;

/**
 * Linux's poll bits, as epoll_event.events and io_uring's POLL_ADD masks carry them (the EPOLL* values
 * of {@code include/uapi/linux/eventpoll.h} are the POLL* values of
 * {@code include/uapi/asm-generic/poll.h}), and the one reading of them as fdmux readiness that EPOLL
 * and IO_URING share.
 */
public final class LinuxPollBits {
    /** {@code POLLIN} / EPOLLIN = 0x001: readable. */
    public static final int POLLIN = 0x001;
    /** {@code POLLPRI} / EPOLLPRI = 0x002: urgent data. */
    public static final int POLLPRI = 0x002;
    /** {@code POLLOUT} / EPOLLOUT = 0x004: writable. */
    public static final int POLLOUT = 0x004;
    /** {@code POLLERR} / EPOLLERR = 0x008: error condition. */
    public static final int POLLERR = 0x008;
    /** {@code POLLHUP} / EPOLLHUP = 0x010: hang-up (both directions closed). */
    public static final int POLLHUP = 0x010;
    /** {@code POLLRDHUP} / EPOLLRDHUP = 0x2000: the peer closed its write side (Linux 2.6.17). */
    public static final int POLLRDHUP = 0x2000;

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
