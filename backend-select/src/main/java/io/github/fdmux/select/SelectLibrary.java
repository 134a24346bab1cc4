package io.github.fdmux.select;

import jnr.ffi.Pointer;

/** select(2) and pselect(2), bound through JNR from libc. Every call keeps errno. */
public interface SelectLibrary {
    /**
     * select(2).
     *
     * @param nfds the highest fd in any set + 1
     * @param readfds fds to watch for reading, overwritten with the ready ones; or null
     * @param writefds fds to watch for writing, overwritten with the ready ones; or null
     * @param exceptfds fds to watch for exceptional conditions (urgent data), overwritten; or null
     * @param timeout a struct timeval, or null for forever
     * @return the number of bits set in the three sets, 0 on timeout, or -1
     */
    int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout);

    /**
     * pselect(2) (POSIX.1-2001; Linux 2.6.16 and glibc 2.4, macOS, the BSDs): a struct timespec
     * timeout that select(2) does not modify.
     *
     * @param nfds the highest fd in any set + 1
     * @param readfds as select
     * @param writefds as select
     * @param exceptfds as select
     * @param timeout a struct timespec, or null for forever
     * @param sigmask null (keep the signal mask)
     * @return as select
     */
    int pselect(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout, Pointer sigmask);
}
