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

    private Errnos() {
    }
}
