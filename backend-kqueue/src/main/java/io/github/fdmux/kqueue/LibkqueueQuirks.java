package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ENABLE;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * libkqueue's quirks, kept out of the portable code path.
 *
 * <p><b>EV_ENABLE without EV_RECEIPT.</b> libkqueue (kevent_copyin_one) sends any change carrying
 * EV_RECEIPT through the filter's modify hook, which refuses a socket's EVFILT_READ without EV_CLEAR
 * and EVFILT_WRITE altogether, and then reports whatever errno the thread had left over (seen:
 * EAGAIN). Without EV_RECEIPT an EV_ENABLE only enables, so under libkqueue a bare EV_ENABLE is set
 * aside here instead of going into the receipt batch, and sent one per kevent call with no event
 * list, where a failure is kevent's own -1 and errno.
 *
 * <p><b>Filters of one fd are not independent, and EV_ENABLE does not look again.</b> libkqueue
 * keeps one epoll item per fd for both filters, and deleting one filter leaves the other
 * level-triggered (an EDGE registration going from READ_WRITE to READ reported the same byte at
 * every poll); and its EV_ENABLE of an enabled EV_CLEAR knote does not look at the fd again, where
 * XNU (kern_event.c kevent_register calls the filter's f_touch) and FreeBSD/OpenBSD (kern_event.c
 * kqueue_register re-runs f_event / f_modify) do, as EPOLL_CTL_MOD does: an EDGE modify with unread
 * data would stay silent. So {@link #filtersToDelete} has every kept filter deleted and added
 * afresh, which re-checks readiness.
 *
 * <p><b>Cancel before close.</b> A kernel kqueue drops a closed fd's knotes by itself, but libkqueue
 * sits on epoll and learns of a cancel only through its EV_DELETE. Sent after the close, its
 * epoll_ctl(EPOLL_CTL_DEL) fails with EBADF, libkqueue frees its knote anyway, and where a dup keeps
 * the file open the epoll item stays and keeps firing for a knote that no longer exists: every later
 * wait returns at once with nothing (a busy loop), or kevent fails with EBADF. So under libkqueue
 * cancel sends its EV_DELETEs before it returns.
 *
 * <p><b>Two kevents per epoll event.</b> See {@link #eventListSize}.
 *
 * <p>Used only under the poller's lock, through KeventBatch, which asserts it.
 */
final class LibkqueueQuirks {
    private final KqueueNative nat;
    private final KeventLayout layout;
    private final int kq;
    private final NativeBuffer change;
    private final Pointer zeroTimeout;
    private Pending[] pending = new Pending[4];
    private int count;

    /** One set-aside EV_ENABLE. */
    private static final class Pending {
        long ident;
        int filter;
        long udata;
    }

    LibkqueueQuirks(KqueueNative nat, int kq, NativeBuffer change, Pointer zeroTimeout) {
        this.nat = nat;
        this.layout = nat.layout;
        this.kq = kq;
        this.change = change;
        this.zeroTimeout = zeroTimeout;
    }

    /**
     * @param libkqueue whether this is libkqueue
     * @param dropped the filters to drop
     * @param kept the filters kept
     * @return the filters to delete: under libkqueue, the kept ones too
     */
    static int filtersToDelete(boolean libkqueue, int dropped, int kept) {
        return libkqueue && kept != 0 ? dropped | kept : dropped;
    }

    /**
     * How many kevents to ask for. A kernel kqueue returns one kevent per knote, and at most
     * {@code capacity} of them; the decode merges the two of one registration into one slot, so
     * they always fit. libkqueue (src/linux/platform.c) asks epoll_wait for {@code nevents} epoll
     * events and turns each into up to two kevents (an fd's read and write knotes share one epoll
     * item) in the same {@code nevents} slots; when the slots run out part-way (linux_kevent_copyout:
     * "no more available kevent slots") it drops the rest of what epoll returned, and for EV_CLEAR
     * knotes, on an EPOLLET item, those events never come back (with READ_WRITE registrations, 10
     * ready sockets and a ReadyEvents of 4, EDGE lost 4 of them; LEVEL with a capacity of 1 never
     * reported writable). Under libkqueue the list therefore has room for two kevents per epoll
     * item it can hold (each registered fd, plus the wakeup's and one to spare), so epoll never
     * returns more than fits; what does not fit in the caller's ReadyEvents waits for the next poll.
     *
     * @param capacity the caller's ReadyEvents capacity
     * @param fds registered fds
     * @param oneItemPerFd whether this is libkqueue
     * @return the nevents to pass
     */
    static int eventListSize(int capacity, int fds, boolean oneItemPerFd) {
        if (!oneItemPerFd) {
            return capacity;
        }
        long needed = 2L * (Math.max(fds, 0) + 2);
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(capacity, needed));
    }

    /** {@return true if the change was set aside (a bare EV_ENABLE), false if it goes into the batch} */
    boolean setAside(long ident, int filter, int flags, long udata) {
        if (flags != EV_ENABLE) {
            return false;
        }
        if (count == pending.length) {
            pending = Arrays.copyOf(pending, count * 2);
        }
        Pending p = pending[count];
        if (p == null) {
            p = new Pending();
            pending[count] = p;
        }
        p.ident = ident;
        p.filter = filter;
        p.udata = udata;
        count++;
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    void clear() {
        count = 0;
    }

    /**
     * Sends the set-aside EV_ENABLEs, one kevent call each.
     *
     * @param owner whose changes they are (its kernel state is updated), or null when failures are of no interest
     * @param refused what the batch already refused, or null
     * @param countChange counts each change
     * @return {@code refused} with the failures of these added
     */
    NativeCallException apply(KqueueRegistration owner, NativeCallException refused, Runnable countChange) {
        int n = count;
        count = 0;
        Pointer p = change.pointer();
        for (int i = 0; i < n; i++) {
            Pending e = pending[i];
            countChange.run();
            layout.put(p, 0, e.ident, e.filter, EV_ENABLE, 0, 0, e.udata);
            if (nat.kevent(kq, p, 1, null, 0, zeroTimeout) < 0 && owner != null
                    && !KeventBatch.appliedDespite(Native.errno())) {
                int err = Native.errno();
                if (KeventBatch.fdClosed(EV_ENABLE, err)) {
                    owner.present &= ~KeventBatch.which(layout, e.filter);
                }
                refused = KeventBatch.merge(refused, KeventBatch.refusal(layout, EV_ENABLE, e.filter, (int) e.ident, err));
            }
        }
        return refused;
    }
}
