package io.github.fdmux.epoll;

import jnr.ffi.Pointer;

/** The epoll system calls, bound through JNR from libc. Every call keeps errno. */
public interface EpollLibrary {
    /**
     * epoll_create1(2).
     *
     * @param flags EPOLL_CLOEXEC or 0
     * @return the epoll fd or -1
     */
    int epoll_create1(int flags);

    /**
     * epoll_ctl(2).
     *
     * @param epfd epoll fd
     * @param op EPOLL_CTL_*
     * @param fd target fd
     * @param event one struct epoll_event (ignored for DEL)
     * @return 0 or -1
     */
    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    /**
     * epoll_wait(2).
     *
     * @param epfd epoll fd
     * @param events array of struct epoll_event
     * @param maxevents its length
     * @param timeout milliseconds, -1 forever
     * @return ready count or -1
     */
    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    /**
     * epoll_pwait2(2) (Linux 5.11, glibc 2.35): a struct timespec timeout, for sub-millisecond waits.
     *
     * @param epfd epoll fd
     * @param events array of struct epoll_event
     * @param maxevents its length
     * @param timeout struct timespec, or null for forever
     * @param sigmask null
     * @return ready count or -1
     */
    int epoll_pwait2(int epfd, Pointer events, int maxevents, Pointer timeout, Pointer sigmask);
}
