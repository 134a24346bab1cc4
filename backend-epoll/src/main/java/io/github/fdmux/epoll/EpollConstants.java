package io.github.fdmux.epoll;

import io.github.fdmux.unix.LinuxConstants;

/**
 * epoll constants. Source: {@code <sys/epoll.h>} (glibc) and {@code include/uapi/linux/eventpoll.h}
 * (kernel). The EPOLL* event bits are the same on every Linux architecture; EPOLL_CLOEXEC is
 * O_CLOEXEC, which is the generic value on every architecture fdmux runs on (sparc and mips, where
 * it differs, are refused up front: {@link io.github.fdmux.unix.SupportedPlatforms}).
 */
final class EpollConstants {
    /** {@code EPOLLIN} = 0x001: readable (uapi/linux/eventpoll.h via uapi/asm-generic/poll.h POLLIN). */
    static final int EPOLLIN = LinuxConstants.POLLIN;
    /** {@code EPOLLPRI} = 0x002: urgent data. */
    static final int EPOLLPRI = LinuxConstants.POLLPRI;
    /** {@code EPOLLOUT} = 0x004: writable. */
    static final int EPOLLOUT = LinuxConstants.POLLOUT;
    /** {@code EPOLLERR} = 0x008: error condition, always reported. */
    static final int EPOLLERR = LinuxConstants.POLLERR;
    /** {@code EPOLLHUP} = 0x010: hang-up (both directions closed), always reported. */
    static final int EPOLLHUP = LinuxConstants.POLLHUP;
    /** {@code EPOLLRDHUP} = 0x2000: peer closed its write side (since Linux 2.6.17). */
    static final int EPOLLRDHUP = LinuxConstants.POLLRDHUP;
    /** {@code EPOLLEXCLUSIVE} = 1 &lt;&lt; 28: exclusive wakeup (since Linux 4.5). */
    static final int EPOLLEXCLUSIVE = 1 << 28;
    /** {@code EPOLLONESHOT} = 1 &lt;&lt; 30: disarm after one event. */
    static final int EPOLLONESHOT = 1 << 30;
    /** {@code EPOLLET} = 1 &lt;&lt; 31: edge-triggered. */
    static final int EPOLLET = 1 << 31;

    /** {@code EPOLL_CTL_ADD} = 1. */
    static final int EPOLL_CTL_ADD = 1;
    /** {@code EPOLL_CTL_DEL} = 2. */
    static final int EPOLL_CTL_DEL = 2;
    /** {@code EPOLL_CTL_MOD} = 3. */
    static final int EPOLL_CTL_MOD = 3;

    /**
     * {@code EPOLL_CLOEXEC} = O_CLOEXEC = 02000000 (include/uapi/asm-generic/fcntl.h: x86_64, aarch64,
     * riscv64, ppc64le, s390x, loongarch64; sparc's is 0x400000, arch/sparc/include/uapi/asm/fcntl.h).
     */
    static final int EPOLL_CLOEXEC = 0x80000;

    private EpollConstants() {
    }

    /**
     * @param op an EPOLL_CTL_* value
     * @return its name, for error messages
     */
    static String ctlName(int op) {
        switch (op) {
            case EPOLL_CTL_ADD: return "EPOLL_CTL_ADD";
            case EPOLL_CTL_DEL: return "EPOLL_CTL_DEL";
            case EPOLL_CTL_MOD: return "EPOLL_CTL_MOD";
            default: return "op " + op;
        }
    }
}
