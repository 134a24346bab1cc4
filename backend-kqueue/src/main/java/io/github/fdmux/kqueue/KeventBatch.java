package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_DELETE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ERROR;
import static io.github.fdmux.kqueue.KeventLayout.EV_RECEIPT;
import static io.github.fdmux.kqueue.KqueueReadiness.READ_FILTER;
import static io.github.fdmux.kqueue.KqueueReadiness.WRITE_FILTER;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * The change list of a kqueue poller: the EV_DELETEs queued by cancel, then the changes of one
 * register/modify/rearm (or of the decode step's disarming), sent in one kevent call with every
 * change flagged EV_RECEIPT and as many receipt slots as changes. The kernel answers each change
 * with an EV_ERROR entry (data 0 on success, else the errno) and drains no events. The queued
 * deletes are done whatever their answer; the owner's kernel state ({@link KqueueRegistration#present})
 * is updated from the receipts of its changes, and the first refused one is thrown.
 *
 * <p>Under libkqueue, bare EV_ENABLEs go through {@link LibkqueueQuirks} instead.
 *
 * <p>Used only under the poller's lock (asserted). Its native memory is freed by {@link #free()}.
 */
final class KeventBatch {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final KqueueNative nat;
    private final KeventLayout layout;
    private final int kq;
    private final Pointer zeroTimeout;
    private final Object lock;
    private final Runnable countChange;
    /** Null unless libkqueue. */
    private final LibkqueueQuirks libkqueue;
    /**
     * The kevent call that applies a change list ({@link #submit}); {@code nat::kevent}. Tests put
     * a failing or interrupted call in its place (the kernels give no way to make one fail on demand).
     */
    KeventCall changeCall;
    private NativeBuffer changes;
    private NativeBuffer receipts;
    private int capacity = 8;
    private int count;
    private long[] queuedIdents = new long[16];
    private int[] queuedFilters = new int[16];
    private int queuedCount;

    /**
     * @param zeroTimeout a zero struct timespec, never written
     * @param lock the poller's lock, held by every caller
     * @param countChange counts one change sent to the kernel (the poller's statistics)
     * @param libkqueue the libkqueue quirks, or null for a real kqueue
     */
    KeventBatch(KqueueNative nat, int kq, Pointer zeroTimeout, Object lock, Runnable countChange,
            LibkqueueQuirks libkqueue) {
        this.nat = nat;
        this.changeCall = nat::kevent;
        this.layout = nat.layout;
        this.kq = kq;
        this.zeroTimeout = zeroTimeout;
        this.lock = lock;
        this.countChange = countChange;
        this.libkqueue = libkqueue;
        this.changes = NativeBuffer.allocate((long) capacity * layout.size);
        try {
            this.receipts = NativeBuffer.allocate((long) capacity * layout.size);
        } catch (RuntimeException | Error e) {
            changes.free();
            throw e;
        }
    }

    /**
     * Queues an EV_DELETE for the head of the next change list (cancel costs no system call), and
     * counts it as a change now.
     */
    void queueDelete(long ident, int filter) {
        assert Thread.holdsLock(lock);
        countChange.run();
        if (queuedCount == queuedIdents.length) {
            queuedIdents = Arrays.copyOf(queuedIdents, queuedCount * 2);
            queuedFilters = Arrays.copyOf(queuedFilters, queuedCount * 2);
        }
        queuedIdents[queuedCount] = ident;
        queuedFilters[queuedCount] = filter;
        queuedCount++;
    }

    /** @return how many EV_DELETEs wait for the next kevent call */
    int queuedDeletes() {
        assert Thread.holdsLock(lock);
        return queuedCount;
    }

    /** Starts a change list with the queued deletes at its head. */
    void start() {
        assert Thread.holdsLock(lock);
        count = 0;
        if (libkqueue != null) {
            libkqueue.clear();
        }
        ensureCapacity(queuedCount + 2);
        Pointer p = changes.pointer();
        for (int i = 0; i < queuedCount; i++) {
            layout.put(p, count++, queuedIdents[i], queuedFilters[i], EV_DELETE | EV_RECEIPT, 0, 0, 0);
        }
    }

    /** Appends a change, flagged EV_RECEIPT (or sets a bare EV_ENABLE aside under libkqueue). */
    void add(long ident, int filter, int flags, long udata) {
        assert Thread.holdsLock(lock);
        if (libkqueue != null && libkqueue.setAside(ident, filter, flags, udata)) {
            return;
        }
        ensureCapacity(count + 1);
        layout.put(changes.pointer(), count++, ident, filter, flags | EV_RECEIPT, 0, 0, udata);
    }

    /**
     * Appends a change with filter flags and data (a timer's interval, NOTE_EXIT), flagged
     * EV_RECEIPT; never set aside (it carries EV_ADD).
     */
    void add(long ident, int filter, int flags, int fflags, long data, long udata) {
        assert Thread.holdsLock(lock);
        ensureCapacity(count + 1);
        layout.put(changes.pointer(), count++, ident, filter, flags | EV_RECEIPT, fflags, data, udata);
    }

    /**
     * Sends the list (the queued deletes, then one change of a timer, signal, process or user
     * event) and returns the errno of that last change. The queued deletes are done whatever their answer.
     *
     * @param call the call to name in an exception, e.g. {@code "kevent(EV_ADD EVFILT_TIMER)"}
     * @return 0 if the last change was accepted, else its errno
     * @throws IOException if kevent fails or gives no receipt for the change
     */
    int applyLast(String call) throws IOException {
        assert Thread.holdsLock(lock);
        int total = count;
        int deletes = queuedCount;
        long ident = layout.ident(changes.pointer(), total - 1);
        int filter = layout.filter(changes.pointer(), total - 1);
        int n = submit(call, (int) ident);
        queuedCount = 0;
        for (int i = deletes; i < total; i++) {
            countChange.run();
        }
        Pointer rc = receipts.pointer();
        for (int i = 0; i < deletes; i++) {
            int err = findReceipt(rc, n, i, layout.ident(changes.pointer(), i), layout.filter(changes.pointer(), i));
            if (err > 0 && err != Errnos.EBADF && err != Errnos.ENOENT) {
                LOG.log(System.Logger.Level.WARNING, Native.exception("kevent(EV_DELETE "
                        + layout.filterName(layout.filter(changes.pointer(), i)) + ")",
                        (int) layout.ident(changes.pointer(), i), err).getMessage());
            }
        }
        int err = findReceipt(rc, n, total - 1, ident, filter);
        if (err < 0) {
            throw new IOException(call + " on kqueue fd " + kq + " returned no EV_RECEIPT answer for the change");
        }
        return err;
    }

    /** @return whether the list holds anything to send */
    boolean isEmpty() {
        return count == 0 && (libkqueue == null || libkqueue.isEmpty());
    }

    /**
     * Sends the change list and reads the receipts.
     *
     * @param owner the registration the changes after the queued deletes belong to, or null when
     *     their failures are of no interest (disarming, flushing)
     * @throws NativeCallException if the kernel refused one of {@code owner}'s changes
     */
    void apply(KqueueRegistration owner) throws NativeCallException {
        assert Thread.holdsLock(lock);
        NativeCallException refused = applyBatch(owner);
        if (libkqueue != null) {
            refused = libkqueue.apply(owner, refused, countChange);
        }
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Sends the one change in the list (no queued deletes) and returns its errno.
     *
     * @return 0 if accepted, else the errno
     * @throws IOException if the call fails or gives no receipt
     */
    int submitOne(String call, long ident) throws IOException {
        assert Thread.holdsLock(lock);
        int n = submit(call, (int) ident);
        for (int i = 0; i < n; i++) {
            if (layout.ident(receipts.pointer(), i) == ident) {
                int err = receiptErrno(i);
                if (err >= 0) {
                    return err;
                }
            }
        }
        throw new IOException(call + " on kqueue fd " + kq + " returned no EV_RECEIPT answer for the change");
    }

    private NativeCallException applyBatch(KqueueRegistration owner) throws NativeCallException {
        int total = count;
        int deletes = queuedCount;
        if (total == 0) {
            return null;
        }
        // The queued deletes stay queued until the call has gone through: if kevent itself fails
        // they go out again at the head of the next change list instead of being lost.
        int n = submit("kevent", owner != null ? owner.fd() : -1);
        queuedCount = 0;
        for (int i = deletes; i < total; i++) { // the queued deletes were counted by cancel
            countChange.run();
        }
        Pointer ch = changes.pointer();
        Pointer rc = receipts.pointer();
        NativeCallException refused = null;
        for (int i = 0; i < total; i++) {
            long ident = layout.ident(ch, i);
            int filter = layout.filter(ch, i);
            int flags = layout.flags(ch, i);
            int err = findReceipt(rc, n, i, ident, filter);
            if (i < deletes || owner == null) {
                if (err > 0 && err != Errnos.EBADF && err != Errnos.ENOENT) {
                    LOG.log(System.Logger.Level.WARNING, Native.exception("kevent(" + KeventLayout.actionNames(flags)
                            + " " + layout.filterName(filter) + ")", (int) ident, err).getMessage());
                }
                continue;
            }
            int which = which(layout, filter);
            if (err == 0) {
                if ((flags & EV_DELETE) != 0) {
                    owner.present &= ~which;
                } else if ((flags & EV_ADD) != 0) {
                    owner.present |= which;
                }
            } else {
                if ((flags & EV_DELETE) != 0 && (err == Errnos.ENOENT || err == Errnos.EBADF)) {
                    owner.present &= ~which; // already gone: the goal is reached
                    continue;
                }
                if (fdClosed(flags, err)) {
                    owner.present &= ~which; // the kernel dropped the knote: the fd was closed
                }
                refused = merge(refused, err < 0
                        ? new NativeCallException("kevent(" + KeventLayout.actionNames(flags) + " "
                                + layout.filterName(filter) + ")", (int) ident, 0, "no receipt",
                                "the kernel returned no EV_RECEIPT answer for this change")
                        : refusal(layout, flags, filter, (int) ident, err));
            }
        }
        return refused;
    }

    /**
     * One kevent call with the change list and as many receipt slots as changes. Every BSD (and
     * libkqueue) then returns the receipts without waiting or draining events; the zero timeout
     * makes sure of it.
     *
     * @return the number of receipts
     */
    private int submit(String call, int fd) throws NativeCallException {
        int n = changeCall.kevent(kq, changes.pointer(), count, receipts.pointer(), count, zeroTimeout);
        if (n < 0) {
            int err = Native.errno();
            if (appliedDespite(err)) {
                // The changes were applied; their receipts were not copied out. Mark every slot
                // "accepted", so that findReceipt reads data 0 for each change.
                Pointer rc = receipts.pointer();
                for (int i = 0; i < count; i++) {
                    layout.put(rc, i, layout.ident(changes.pointer(), i), layout.filter(changes.pointer(), i),
                            EV_ERROR, 0, 0, 0);
                }
                return count;
            }
            throw Native.exception(call, fd, err);
        }
        return n;
    }

    /**
     * A kevent call that carries changes and is interrupted by a signal has applied them: the
     * kernels apply the change list before they look for events to return or sleep (FreeBSD
     * sys/kern/kern_event.c kqueue_kevent: the changes loop, then kqueue_scan, which alone answers
     * EINTR; XNU kevent_internal the same; the FreeBSD kevent(2) manual: EINTR "before any events
     * were placed on the kqueue for return"), and mio treats EINTR from such a call as success.
     * Throwing would report a change as refused that is in force, and lose the queued deletes.
     *
     * @param err errno of a failed change-only kevent call
     * @return true if its changes are in force all the same
     */
    static boolean appliedDespite(int err) {
        return err == Errnos.EINTR;
    }

    /**
     * Whether a refused change says that the registration's fd was closed. kqueue drops a closed
     * fd's knotes (knote_fdclose), and a later change without EV_ADD is answered per kernel: macOS
     * looks the knote up first and answers ENOENT (XNU bsd/kern/kern_event.c kevent_register: "No
     * knote found, EV_ADD wasn't specified"); FreeBSD (sys/kern/kern_event.c kqueue_register:
     * {@code fget(td, kev->ident, ...)}) and OpenBSD (sys/kern/kern_event.c kqueue_register:
     * {@code fd_getfile(fdp, kev->ident) == NULL}) look the fd up first and answer EBADF while
     * the number is free. An EV_ADD for a new filter of a closed fd is EBADF everywhere.
     *
     * @param flags the change's EV_* flags
     * @param err the errno it was answered with
     * @return true if the fd is gone
     */
    static boolean fdClosed(int flags, int err) {
        return err == Errnos.EBADF || (err == Errnos.ENOENT && (flags & EV_ADD) == 0);
    }

    /** kevent(2)'s signature, for {@link #changeCall}. */
    @FunctionalInterface
    interface KeventCall {
        /**
         * @return what kevent returns; -1 with errno set on failure
         */
        int kevent(int kq, Pointer changes, int nchanges, Pointer events, int nevents, Pointer timeout);
    }

    /** @return the receipt's errno, 0 for success, -1 when the kernel gave no receipt for it */
    private int findReceipt(Pointer rc, int n, int index, long ident, int filter) {
        if (index < n && layout.ident(rc, index) == ident && layout.filter(rc, index) == filter) {
            return receiptErrno(index);
        }
        for (int j = 0; j < n; j++) {
            if (layout.ident(rc, j) == ident && layout.filter(rc, j) == filter) {
                return receiptErrno(j);
            }
        }
        return -1;
    }

    private int receiptErrno(int index) {
        Pointer rc = receipts.pointer();
        if ((layout.flags(rc, index) & EV_ERROR) == 0) {
            return -1;
        }
        return (int) layout.data(rc, index);
    }

    private void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        int n = Math.max(needed, capacity * 2);
        NativeBuffer c = NativeBuffer.allocate((long) n * layout.size);
        NativeBuffer r;
        try {
            r = NativeBuffer.allocate((long) n * layout.size);
        } catch (OutOfMemoryError e) {
            c.free();
            throw e;
        }
        // Copy what is already written (the queued deletes, then this call's changes).
        for (long off = 0; off < (long) count * layout.size; off += 8) {
            c.pointer().putLong(off, changes.pointer().getLong(off));
        }
        changes.free();
        receipts.free();
        changes = c;
        receipts = r;
        capacity = n;
    }

    void free() {
        changes.free();
        receipts.free();
    }

    /** @return {@link KqueueReadiness#READ_FILTER} or {@link KqueueReadiness#WRITE_FILTER} for an EVFILT_* value */
    static int which(KeventLayout layout, int filter) {
        return filter == layout.evfiltRead ? READ_FILTER : WRITE_FILTER;
    }

    static NativeCallException merge(NativeCallException first, NativeCallException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * @return the exception for a refused change; for a closed fd it says so and what to do
     */
    static NativeCallException refusal(KeventLayout layout, int flags, int filter, int fd, int err) {
        String call = "kevent(" + KeventLayout.actionNames(flags) + " " + layout.filterName(filter) + ")";
        if (fdClosed(flags, err)) {
            return Native.exception(call, fd, err, "the fd was closed while registered (kqueue drops a closed"
                    + " fd's events; macOS answers ENOENT, FreeBSD and OpenBSD EBADF while the number is free);"
                    + " cancel the registration and register the new file");
        }
        return Native.exception(call, fd, err);
    }
}
