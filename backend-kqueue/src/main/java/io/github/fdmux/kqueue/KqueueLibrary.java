package io.github.fdmux.kqueue;

import jnr.ffi.Pointer;

/**
 * kqueue(2) and kevent(2) as macOS, FreeBSD, OpenBSD and libkqueue declare them ({@code int}
 * counts), bound through JNR from libc or from the library named by {@code fdmux.kqueue.library}.
 * Every call keeps errno.
 */
public interface KqueueLibrary {
    /**
     * kqueue(2).
     *
     * @return a new kqueue fd, or -1
     */
    int kqueue();

    /**
     * kevent(2): applies {@code changelist}, then waits for events.
     *
     * @param kq the kqueue fd
     * @param changelist {@code nchanges} struct kevent, or null
     * @param nchanges how many changes
     * @param eventlist room for {@code nevents} struct kevent, or null
     * @param nevents its length
     * @param timeout a struct timespec, or null to wait forever
     * @return the number of entries written to eventlist, or -1
     */
    int kevent(int kq, Pointer changelist, int nchanges, Pointer eventlist, int nevents, Pointer timeout);
}
