package io.github.fdmux.unix;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls the backends make on their own fds (wakeup fds, kernel objects), bound
 * directly with JNR so the hot ones (read/write of the wakeup fd) cost one native call each. Every
 * call keeps errno (read it with {@link Native#errno()} right after a failure).
 */
public interface LibC {
    /**
     * close(2).
     *
     * @param fd fd
     * @return 0 or -1
     */
    int close(int fd);

    /**
     * read(2).
     *
     * @param fd fd
     * @param buf buffer in native memory
     * @param count bytes
     * @return bytes read or -1
     */
    @ssize_t
    long read(int fd, Pointer buf, @size_t long count);

    /**
     * write(2).
     *
     * @param fd fd
     * @param buf buffer in native memory
     * @param count bytes
     * @return bytes written or -1
     */
    @ssize_t
    long write(int fd, Pointer buf, @size_t long count);

    /**
     * eventfd(2), Linux only: binding it elsewhere is harmless, calling it fails with a missing symbol.
     *
     * @param initval initial counter
     * @param flags EFD_* flags
     * @return the fd or -1
     */
    int eventfd(int initval, int flags);

    /**
     * timerfd_create(2), Linux only (as {@link #eventfd}).
     *
     * @param clockid CLOCK_MONOTONIC
     * @param flags TFD_* flags
     * @return the fd or -1
     */
    int timerfd_create(int clockid, int flags);

    /**
     * timerfd_settime(2), Linux only.
     *
     * @param fd a timerfd
     * @param flags 0 (relative) or TFD_TIMER_ABSTIME
     * @param newValue a {@code struct itimerspec} ({@link TimerSpec})
     * @param oldValue null, or receives the previous setting
     * @return 0 or -1
     */
    int timerfd_settime(int fd, int flags, Pointer newValue, Pointer oldValue);

    /**
     * syscall(2) with two arguments, for system calls glibc does not wrap everywhere (pidfd_open).
     * Variadic in C; each argument is passed as a long, which is how the kernel ABI takes them.
     *
     * @param number the system call's number
     * @param arg1 first argument
     * @param arg2 second argument
     * @return the call's result, or -1 with errno set
     */
    @Variadic(fixedCount = 1)
    long syscall(long number, long arg1, long arg2);

    /**
     * fcntl(2) with one int argument. Variadic in C: without the annotation the argument is passed
     * the wrong way on Apple arm64.
     *
     * @param fd fd
     * @param cmd F_* command
     * @param arg argument
     * @return the command's result or -1
     */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /**
     * pipe(2).
     *
     * @param fds receives the read and write ends
     * @return 0 or -1
     */
    int pipe(@jnr.ffi.annotations.Out int[] fds);

    /**
     * socketpair(2).
     *
     * @param domain AF_UNIX
     * @param type SOCK_STREAM or SOCK_DGRAM
     * @param protocol 0
     * @param fds receives both ends
     * @return 0 or -1
     */
    int socketpair(int domain, int type, int protocol, @jnr.ffi.annotations.Out int[] fds);

    /**
     * dup(2), used by tests to show that epoll watches open file descriptions.
     *
     * @param fd fd
     * @return the new fd or -1
     */
    int dup(int fd);

    /**
     * dup2(2), used by tests to put a different file behind an fd number.
     *
     * @param oldfd source
     * @param newfd target number
     * @return newfd or -1
     */
    int dup2(int oldfd, int newfd);

    /**
     * shutdown(2), used by tests and the examples to half-close raw sockets.
     *
     * @param fd fd
     * @param how SHUT_RD, SHUT_WR or SHUT_RDWR
     * @return 0 or -1
     */
    int shutdown(int fd, int how);
}
