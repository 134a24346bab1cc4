package io.github.fdmux.poll;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;

/**
 * poll(2) and ppoll(2), bound through JNR from libc. Every call keeps errno.
 *
 * <p>{@code nfds_t} is {@code unsigned long} on Linux and {@code unsigned int} on macOS and the
 * BSDs, so each call is bound twice under two Java names, both mapped to the same C symbol
 * (see {@link PollNative}); {@link PollPlatform#nfdsIsLong()} says which one a platform calls.
 * {@code unsigned long} has the width of {@code size_t} on every Linux ABI (32 bits on ILP32,
 * 64 on LP64), hence {@code @size_t}.
 */
public interface PollLibrary {
    /**
     * poll(2) with an {@code unsigned long nfds_t} (Linux).
     *
     * @param fds the struct pollfd array
     * @param nfds its length
     * @param timeout milliseconds, -1 forever
     * @return the number of entries with revents set, 0 on timeout, or -1
     */
    int poll_ulong(Pointer fds, @size_t long nfds, int timeout);

    /**
     * poll(2) with an {@code unsigned int nfds_t} (macOS, BSD).
     *
     * @param fds the struct pollfd array
     * @param nfds its length
     * @param timeout milliseconds, -1 forever
     * @return the number of entries with revents set, 0 on timeout, or -1
     */
    int poll_uint(Pointer fds, int nfds, int timeout);

    /**
     * ppoll(2) with an {@code unsigned long nfds_t} (Linux 2.6.16, glibc 2.4): a struct timespec
     * timeout, for sub-millisecond waits.
     *
     * @param fds the struct pollfd array
     * @param nfds its length
     * @param timeout a struct timespec, or null for forever
     * @param sigmask null (keep the signal mask)
     * @return as poll
     */
    int ppoll_ulong(Pointer fds, @size_t long nfds, Pointer timeout, Pointer sigmask);

    /**
     * ppoll(2) with an {@code unsigned int nfds_t} (FreeBSD 11, OpenBSD 5.4; not macOS).
     *
     * @param fds the struct pollfd array
     * @param nfds its length
     * @param timeout a struct timespec, or null for forever
     * @param sigmask null (keep the signal mask)
     * @return as poll
     */
    int ppoll_uint(Pointer fds, int nfds, Pointer timeout, Pointer sigmask);
}
