package io.github.fdmux.kqueue;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;

/**
 * NetBSD's kevent(2): {@code size_t} counts, and a versioned symbol ({@code __kevent50} or
 * {@code __kevent100}) that {@link KqueueNative} maps {@code kevent} to. Keeps errno.
 */
public interface KeventSizeTLibrary {
    /**
     * kevent(2) with {@code size_t} counts.
     *
     * @param kq the kqueue fd
     * @param changelist changes, or null
     * @param nchanges how many changes
     * @param eventlist room for events, or null
     * @param nevents its length
     * @param timeout a struct timespec, or null to wait forever
     * @return the number of entries written to eventlist, or -1
     */
    int kevent(int kq, Pointer changelist, @size_t long nchanges, Pointer eventlist, @size_t long nevents,
            Pointer timeout);
}
