package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ENABLE;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Errnos;
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
 * <p><b>Filters of one fd are not independent.</b> libkqueue keeps one epoll item per fd for both
 * filters, and deleting one filter leaves the other level-triggered (an EDGE registration going from
 * READ_WRITE to READ reported the same byte at every poll): {@link #filtersToDelete} deletes the kept
 * filter too, to be added afresh.
 *
 * <p>Not thread-safe: the poller's lock guards it.
 */
final class LibkqueueEnables {
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

    LibkqueueEnables(KqueueNative nat, int kq, NativeBuffer change, Pointer zeroTimeout) {
        this.nat = nat;
        this.layout = nat.layout;
        this.kq = kq;
        this.change = change;
        this.zeroTimeout = zeroTimeout;
    }

    /**
     * @param present the filters the kernel has
     * @param dropped the filters to drop
     * @param kept the filters kept
     * @return the filters to delete: under libkqueue, the kept ones too when one is dropped
     */
    static int filtersToDelete(boolean libkqueue, int dropped, int kept) {
        return libkqueue && dropped != 0 && kept != 0 ? dropped | kept : dropped;
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
            if (nat.kevent(kq, p, 1, null, 0, zeroTimeout) < 0 && owner != null) {
                int err = Native.errno();
                if (err == Errnos.ENOENT) {
                    owner.present &= ~KeventBatch.which(layout, e.filter);
                }
                refused = KeventBatch.merge(refused, KeventBatch.refusal(layout, EV_ENABLE, e.filter, (int) e.ident, err));
            }
        }
        return refused;
    }
}
