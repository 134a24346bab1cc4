package io.github.fdmux;

import java.io.IOException;

/**
 * A system call failed. Carries the call, the fd it was made for, and errno with its symbolic name,
 * e.g. {@code epoll_ctl(EPOLL_CTL_ADD) on fd 7 failed: EBADF (errno 9: Bad file descriptor)}, followed
 * by a hint where the usual cause is known (e.g. EPERM from epoll for a regular file, EMFILE).
 *
 * <p>Compare {@link #errnoName()}, which is portable, rather than {@link #errno()}, whose numbers
 * differ between systems (EAGAIN is 11 on Linux and 35 on macOS).
 *
 * <p>Immutable, so safe to share between threads once thrown.
 */
public class NativeCallException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The failed call, e.g. {@code "epoll_ctl(EPOLL_CTL_ADD)"}. */
    private final String call;
    /** The fd the call was about, or -1. */
    private final int fd;
    /** The errno value. */
    private final int errno;
    /** The symbolic errno name. */
    private final String errnoName;

    /**
     * Creates the exception, its message made of the call, the fd and errno.
     *
     * @param call the call, with its operation if any, e.g. {@code "epoll_ctl(EPOLL_CTL_ADD)"}
     * @param fd the fd the call was about, or -1 if none
     * @param errno the errno value
     * @param errnoName the symbolic errno name, e.g. {@code "EBADF"}
     * @param description the C library's description, e.g. {@code "Bad file descriptor"}, may be null
     */
    public NativeCallException(String call, int fd, int errno, String errnoName, String description) {
        this(call, fd, errno, errnoName, description, null);
    }

    /**
     * Creates the exception, its message made of the call, the fd, errno and the hint.
     *
     * @param call the call
     * @param fd the fd the call was about, or -1 if none
     * @param errno the errno value
     * @param errnoName the symbolic errno name
     * @param description the C library's description, may be null
     * @param hint one sentence on what the error usually means here, may be null
     */
    public NativeCallException(String call, int fd, int errno, String errnoName, String description, String hint) {
        super(message(call, fd, errno, errnoName, description, hint));
        this.call = call;
        this.fd = fd;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    private static String message(String call, int fd, int errno, String name, String description, String hint) {
        StringBuilder sb = new StringBuilder(call);
        if (fd >= 0) {
            sb.append(" on fd ").append(fd);
        }
        sb.append(" failed: ").append(name).append(" (errno ").append(errno);
        if (description != null && !description.isEmpty()) {
            sb.append(": ").append(description);
        }
        sb.append(')');
        if (hint != null && !hint.isEmpty()) {
            sb.append(". ").append(hint);
        }
        return sb.toString();
    }

    /** {@return the failed call, e.g. {@code "epoll_ctl(EPOLL_CTL_ADD)"}} */
    public String call() {
        return call;
    }

    /** {@return the fd the call was about, or -1} */
    public int fd() {
        return fd;
    }

    /** {@return the errno value (platform specific)} */
    public int errno() {
        return errno;
    }

    /** {@return the symbolic errno name, e.g. {@code "EMFILE"} (portable)} */
    public String errnoName() {
        return errnoName;
    }
}
