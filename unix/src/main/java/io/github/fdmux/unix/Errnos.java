package io.github.fdmux.unix;

/**
 * The errno values the backends branch on, resolved for this platform once (from jnr-constants,
 * which generates them from {@code <errno.h>} per platform).
 */
public final class Errnos {
    /** Interrupted system call. */
    public static final int EINTR = Native.errnoValue("EINTR");
    /** Resource temporarily unavailable (EWOULDBLOCK is the same value on the platforms fdmux runs on). */
    public static final int EAGAIN = Native.errnoValue("EAGAIN");
    /** Bad file descriptor. */
    public static final int EBADF = Native.errnoValue("EBADF");
    /** No such file or directory / not registered (epoll_ctl). */
    public static final int ENOENT = Native.errnoValue("ENOENT");
    /** Already registered (epoll_ctl). */
    public static final int EEXIST = Native.errnoValue("EEXIST");
    /** Operation not permitted (epoll and regular files; seccomp). */
    public static final int EPERM = Native.errnoValue("EPERM");
    /** Function not implemented. */
    public static final int ENOSYS = Native.errnoValue("ENOSYS");
    /** No such process (pidfd_open of a process that has gone). */
    public static final int ESRCH = Native.errnoValue("ESRCH");
    /** Invalid argument. */
    public static final int EINVAL = Native.errnoValue("EINVAL");
    /** Permission denied (EVFILT_PROC of another user's process). */
    public static final int EACCES = Native.errnoValue("EACCES");
    /** Out of memory (a kernel limit: FreeBSD's kern.kq_calloutmax for EVFILT_TIMER). */
    public static final int ENOMEM = Native.errnoValue("ENOMEM");
    /** Too many open files in this process. */
    public static final int EMFILE = Native.errnoValue("EMFILE");
    /** Too many open files in the system. */
    public static final int ENFILE = Native.errnoValue("ENFILE");
    /** Result out of range (an EVFILT_TIMER interval the kernel cannot represent). */
    public static final int ERANGE = Native.errnoValue("ERANGE");
    /** Device or resource busy (io_uring_enter with a full CQ ring). */
    public static final int EBUSY = Native.errnoValue("EBUSY");
    /** Operation canceled (an io_uring request that was cancelled). */
    public static final int ECANCELED = Native.errnoValue("ECANCELED");
    /** Operation already in progress (an io_uring cancel of a request that is completing). */
    public static final int EALREADY = Native.errnoValue("EALREADY");

    private Errnos() {
    }
}
