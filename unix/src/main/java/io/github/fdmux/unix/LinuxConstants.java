package io.github.fdmux.unix;

/**
 * Linux constants jnr-constants does not carry, each with the header it comes from. Values are
 * those of the generic asm headers (x86_64, aarch64, riscv64, ppc64le, s390x, loongarch64). The
 * architectures that differ and that jffi ships stubs for (sparcv9, mips64el: O_NONBLOCK is 0x4000
 * on sparc and 0x80 on mips) are refused up front by {@link SupportedPlatforms}; alpha and parisc
 * have no jffi stub.
 */
public final class LinuxConstants {
    /** {@code EFD_CLOEXEC} = O_CLOEXEC = 02000000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** {@code EFD_NONBLOCK} = O_NONBLOCK = 04000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_NONBLOCK = 0x800;

    /** {@code TFD_CLOEXEC} = O_CLOEXEC, include/uapi/linux/timerfd.h ({@code <sys/timerfd.h>}). */
    public static final int TFD_CLOEXEC = 0x80000;
    /** {@code TFD_NONBLOCK} = O_NONBLOCK, include/uapi/linux/timerfd.h ({@code <sys/timerfd.h>}). */
    public static final int TFD_NONBLOCK = 0x800;
    /** {@code CLOCK_MONOTONIC}, include/uapi/linux/time.h: the clock of {@link System#nanoTime()} on Linux. */
    public static final int CLOCK_MONOTONIC = 1;

    /**
     * {@code __NR_pidfd_open} (Linux 5.3), include/uapi/asm-generic/unistd.h and
     * arch/x86/entry/syscalls/syscall_64.tbl ("434 common pidfd_open"): since Linux 5.1 a new system
     * call has one number on every architecture (alpha, which jffi has no stub for, adds 110). glibc
     * wraps it only from 2.36, so fdmux calls it through syscall(2).
     */
    public static final long SYS_PIDFD_OPEN = 434;

    /**
     * {@code POLLIN} = 0x001, include/uapi/asm-generic/poll.h (and EPOLLIN, include/uapi/linux/eventpoll.h):
     * readable. The POLL* values below are also epoll_event.events' EPOLL* values and io_uring's
     * POLL_ADD masks; {@link LinuxPollBits} reads them as fdmux readiness.
     */
    public static final int POLLIN = 0x001;
    /** {@code POLLPRI} = 0x002, include/uapi/asm-generic/poll.h (EPOLLPRI): urgent data. */
    public static final int POLLPRI = 0x002;
    /** {@code POLLOUT} = 0x004, include/uapi/asm-generic/poll.h (EPOLLOUT): writable. */
    public static final int POLLOUT = 0x004;
    /** {@code POLLERR} = 0x008, include/uapi/asm-generic/poll.h (EPOLLERR): error condition. */
    public static final int POLLERR = 0x008;
    /** {@code POLLHUP} = 0x010, include/uapi/asm-generic/poll.h (EPOLLHUP): hang-up (both directions closed). */
    public static final int POLLHUP = 0x010;
    /**
     * {@code POLLRDHUP} = 0x2000, include/uapi/asm-generic/poll.h (EPOLLRDHUP): the peer closed its
     * write side (Linux 2.6.17).
     */
    public static final int POLLRDHUP = 0x2000;

    /** {@code SFD_CLOEXEC} = O_CLOEXEC, include/uapi/linux/signalfd.h ({@code <sys/signalfd.h>}). */
    public static final int SFD_CLOEXEC = 0x80000;
    /** {@code SFD_NONBLOCK} = O_NONBLOCK, include/uapi/linux/signalfd.h ({@code <sys/signalfd.h>}). */
    public static final int SFD_NONBLOCK = 0x800;
    /** {@code sizeof(struct signalfd_siginfo)}, include/uapi/linux/signalfd.h: padded to 128 bytes; {@code ssi_signo} (u32) at 0. */
    public static final int SIGNALFD_SIGINFO_SIZE = 128;
    /** {@code SIG_BLOCK} for pthread_sigmask, include/uapi/asm-generic/signal-defs.h. */
    public static final int SIG_BLOCK = 0;
    /** {@code sizeof(sigset_t)} in glibc (bits/types/__sigset_t.h: 1024 bits), what sigemptyset and pthread_sigmask take. */
    public static final int GLIBC_SIGSET_SIZE = 128;

    private LinuxConstants() {
    }
}
