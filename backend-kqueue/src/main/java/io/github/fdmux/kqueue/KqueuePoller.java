package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_DELETE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ENABLE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ERROR;
import static io.github.fdmux.kqueue.KqueueReadiness.READ_FILTER;
import static io.github.fdmux.kqueue.KqueueReadiness.WRITE_FILTER;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.spi.SourceBinding;
import io.github.fdmux.spi.SourceRegistration;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.EventArray;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.FileIdentity;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.NativePoller;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Timespec;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * A poller on one kqueue. A registration is up to two knotes of its fd, EVFILT_READ and
 * EVFILT_WRITE, each carrying the registration's token as {@code udata}; the kernel reports them
 * as separate kevents, which {@link AbstractPoller#deliver} merges into one event per poll.
 *
 * <h2>When changes reach the kernel</h2>
 * Through the {@link KeventBatch} (libkqueue's quirks: {@link LibkqueueQuirks}).
 * kqueue can carry changes in the same kevent(2) call that waits, but an error in a change handed
 * over that way surfaces only in the event list of some later wait (or, with no room there, fails
 * the whole call), long after {@code register} returned. So:
 * <ul>
 *   <li><b>register, modify and rearm</b> apply their changes at once, in a kevent call of their
 *       own, under the poller's lock, every change flagged EV_RECEIPT: the kernel answers each one
 *       with an EV_ERROR entry (data 0 on success, else the errno) and does not drain pending
 *       events. A refused change (EBADF, ENOENT, EPIPE on a FreeBSD or OpenBSD pipe ...) is thrown from the
 *       call that asked for it, as a {@link NativeCallException} naming the change and the fd.</li>
 *   <li><b>cancel</b> only queues its EV_DELETEs. Its failures are never reported (the kernel drops
 *       the knotes of a closed fd by itself, so EBADF/ENOENT mean "already gone"), and a
 *       cancelled registration reports nothing anyway ({@link AbstractPoller} forgets its token).
 *       The queue is applied at the head of the next kevent call made under the lock: the next
 *       register/modify/rearm, or the polling thread just before it waits. Because every EV_ADD
 *       goes out behind the queued deletes, in the same ordered change list, a queued delete can
 *       never remove a later registration of the same fd number. The deletes are deliberately
 *       not put into the waiting kevent call itself: that call runs outside the lock, and a
 *       register of the same fd number made meanwhile by another thread would be undone by it.
 *       Under libkqueue the queue is applied before cancel() returns ({@link #implCancel}):
 *       libkqueue cannot see a close, so its delete must come before the close.</li>
 * </ul>
 * So on a kernel kqueue cancel costs no system call, and any number of cancels between two polls
 * cost one.
 *
 * <h2>Modes</h2>
 * EV_CLEAR and EV_DISPATCH per mode, EV_ENABLE to re-arm and re-check: {@link KqueueReadiness}.
 *
 * <h2>Timers, signals, processes and user events</h2>
 * EVFILT_TIMER, EVFILT_SIGNAL, EVFILT_PROC and EVFILT_USER knotes where the variant has them
 * ({@link KqueueSources}); their kevents are told from fd kevents by their filter and reported with
 * their count, or kept for the next poll like an fd's when the caller's ReadyEvents is full.
 *
 * <h2>Wakeup</h2>
 * An EVFILT_USER event, or a pipe where the kernel refuses EVFILT_USER ({@link KqueueWakeup}).
 */
final class KqueuePoller extends NativePoller<KqueueRegistration> {
    /** No registration token has all bits set (the slot half would be -1). */
    static final long WAKEUP_TOKEN = -1L;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final KqueueNative nat;
    private final KeventLayout layout;
    private final int kq;
    /** Native timers, signals, processes and user events. */
    private final KqueueSources sources;
    private final boolean libkqueue;
    /** The change list; used only under the lock (asserted). */
    final KeventBatch batch;
    /** Decode step (under the lock): the other filters of oneshot registrations that fired. */
    private final OneshotDisarm oneshots = new OneshotDisarm();
    /** Registered fds (written under the lock, read by the polling thread to size the event list). */
    private volatile int registeredFds;
    /**
     * Poll-thread only: raw kevents of the last wait that did not fit in the caller's ReadyEvents,
     * kept at the head of {@link #events} and decoded by the next poll before the kernel is asked again.
     */
    private int pendingRaw;

    /** A zero struct timespec; never written after allocation, so any thread may pass it. */
    private final NativeBuffer zeroTimeout;
    private final KqueueWakeup wakeup;
    /** Poll-thread only: the wait's timeout and event list. */
    private final Timespec timeout;
    private final EventArray events;

    private KqueuePoller(Capabilities caps, String reason, KqueueNative nat, NativeResources res) {
        super(caps, reason, DuplicateCheck.byFileIdentity(FileIdentity::of), res, KqueueRegistration::new);
        this.nat = nat;
        this.layout = nat.layout;
        this.kq = res.kernelFd();
        this.libkqueue = nat.isLibkqueue();
        this.zeroTimeout = res.allocate(Timespec.size());
        this.timeout = res.timespec();
        this.events = res.eventArray(layout.size, 64);
        LibkqueueQuirks quirks = libkqueue
                ? new LibkqueueQuirks(nat, kq, res.allocate(layout.size), zeroTimeout.pointer()) : null;
        this.batch = new KeventBatch(nat, kq, zeroTimeout.pointer(), lock, this::countChange, quirks);
        res.freeOnClose(batch::free);
        this.wakeup = new KqueueWakeup(nat, kq, WAKEUP_TOKEN, res, zeroTimeout.pointer());
        this.sources = new KqueueSources(layout, kq, batch, wakeup, caps.variant());
    }

    static KqueuePoller open(Capabilities caps, String reason, KqueueNative nat) throws IOException {
        return open(caps, reason, nat, true);
    }

    /**
     * @param userEvent false to wake up through the pipe even where EVFILT_USER works (tests of
     *     the fallback)
     */
    static KqueuePoller open(Capabilities caps, String reason, KqueueNative nat, boolean userEvent)
            throws IOException {
        int kq = nat.kqueue();
        if (kq < 0) {
            throw KqueueNative.createFailure(Native.errno());
        }
        return NativeResources.open(kq, fd -> {
            if (nat.closeKqueue(fd) < 0 && Native.errno() != Errnos.EINTR) {
                throw Native.exception("close", fd, Native.errno());
            }
        }, res -> {
            Fds.setCloseOnExec(kq);
            KqueuePoller poller = new KqueuePoller(caps, reason, nat, res);
            poller.installWakeup(userEvent);
            return poller;
        });
    }

    private void installWakeup(boolean userEvent) throws IOException {
        synchronized (lock) {
            if (wakeup.install(batch, resources(), userEvent)) {
                sources.userFilterWorks();
            }
        }
    }

    /** A timer, signal, process or user event as a knote ({@link KqueueSources}), or null to emulate it. */
    @Override
    protected SourceBinding implRegisterSource(SourceRegistration source) throws IOException {
        return sources.register(source);
    }

    @Override
    protected void implRegister(KqueueRegistration r) throws IOException {
        registeredFds++; // implCancel, also on the failure path below, takes it back
        batch.start();
        int want = KqueueReadiness.filters(r.interest());
        int add = EV_ADD | EV_ENABLE | KqueueReadiness.modeFlags(r.mode());
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((want & f) != 0) {
                batch.add(r.fd(), evfilt(f), add, r.token());
            }
        }
        try {
            batch.apply(r);
        } catch (NativeCallException e) {
            // The registration is not made: take back the filter that the kernel did accept.
            implCancel(r);
            throw e;
        }
    }

    @Override
    protected void implModify(KqueueRegistration r, Interest interest) throws IOException {
        batch.start();
        int want = KqueueReadiness.filters(interest);
        int kept = want & r.present;
        int dropped = LibkqueueQuirks.filtersToDelete(libkqueue, r.present & ~want, kept);
        // Deletes first: under libkqueue an EV_DELETE of one filter after an EV_ADD|EV_CLEAR of the
        // other in the same change list had the same effect. Real kqueues treat the filters
        // independently; the order is free there.
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((dropped & f) != 0) {
                batch.add(r.fd(), evfilt(f), EV_DELETE, r.token());
            }
        }
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            boolean wanted = (want & f) != 0;
            boolean there = (r.present & f) != 0 && (dropped & f) == 0;
            if (wanted && there) {
                // EV_ENABLE re-arms a dispatched knote and makes the kernel look at the fd again.
                batch.add(r.fd(), evfilt(f), EV_ENABLE, r.token());
            } else if (wanted) {
                batch.add(r.fd(), evfilt(f), EV_ADD | EV_ENABLE | KqueueReadiness.modeFlags(r.mode()), r.token());
            }
        }
        batch.apply(r);
    }

    @Override
    protected void implRearm(KqueueRegistration r) throws IOException {
        batch.start();
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((r.present & f) != 0) {
                // EV_ENABLE without EV_ADD: if the fd was closed this is refused (ENOENT on macOS,
                // EBADF on FreeBSD and OpenBSD: KeventBatch.fdClosed) instead of a silent
                // registration of whatever file has the number now.
                batch.add(r.fd(), evfilt(f), EV_ENABLE, r.token());
            }
        }
        batch.apply(r);
    }

    /** Queues the EV_DELETEs; under libkqueue sends them before returning ({@link LibkqueueQuirks}). */
    @Override
    protected void implCancel(KqueueRegistration r) {
        registeredFds--;
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((r.present & f) != 0) {
                batch.queueDelete(r.fd(), evfilt(f));
            }
        }
        r.present = 0;
        if (libkqueue && batch.queuedDeletes() > 0 && isOpen()) {
            batch.start();
            try {
                batch.apply(null);
            } catch (NativeCallException e) {
                LOG.log(System.Logger.Level.DEBUG, "KQUEUE: EV_DELETE at cancel failed, kept queued: {0}", e.getMessage());
            }
        }
    }

    @Override
    protected void beforeWait() throws IOException {
        synchronized (lock) {
            if (batch.queuedDeletes() > 0 && isOpen()) {
                batch.start();
                batch.apply(null);
            }
        }
    }

    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        if (pendingRaw > 0) {
            // Events the last poll could not hand over: deliver them before asking the kernel.
            int n = pendingRaw;
            pendingRaw = 0;
            return n;
        }
        int wanted = LibkqueueQuirks.eventListSize(maxEvents, registeredFds + sources.size(), libkqueue);
        Pointer list = events.ensure(wanted);
        Pointer ts = timeoutNanos >= 0 ? timeout.set(timeoutNanos) : null;
        int n = nat.kevent(kq, null, 0, list, wanted, ts);
        if (n < 0) {
            int err = Native.errno();
            if (err == Errnos.EINTR) {
                return INTERRUPTED;
            }
            throw Native.exception("kevent", kq, err);
        }
        return n;
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        assert Thread.holdsLock(lock);
        Pointer buf = events.pointer();
        oneshots.start();
        int kept = 0;
        for (int i = 0; i < rawCount; i++) {
            long token = layout.udata(buf, i);
            int flags = layout.flags(buf, i);
            if (token == WAKEUP_TOKEN) {
                wakeupReceived();
                continue;
            }
            if ((flags & EV_ERROR) != 0) {
                // Only changes answer with EV_ERROR, and the waiting call carries none.
                LOG.log(System.Logger.Level.DEBUG, "KQUEUE: unexpected EV_ERROR entry for fd {0}: {1}",
                        layout.ident(buf, i), Native.errnoName((int) layout.data(buf, i)));
                continue;
            }
            int filter = layout.filter(buf, i);
            int which = filter == layout.evfiltRead ? READ_FILTER : filter == layout.evfiltWrite ? WRITE_FILTER : 0;
            if (which == 0) {
                if (!decodeSource(buf, i, token)) {
                    layout.copy(buf, i, kept++); // the caller's ReadyEvents is full: next poll
                }
                continue;
            }
            KqueueRegistration r = lookup(token);
            if (r == null) {
                continue;
            }
            if (!deliver(r, KqueueReadiness.readyOps(which, flags, layout.fflags(buf, i)))) {
                // The caller's ReadyEvents is full: keep this kevent for the next poll. (A kevent of
                // a registration already delivered in this poll merges into its slot and never
                // gets here, so a registration is either delivered whole or kept whole.)
                layout.copy(buf, i, kept++);
                continue;
            }
            if (r.mode().isOneshot()) {
                oneshots.fired(r, which);
            }
        }
        pendingRaw = kept;
        oneshots.disarmOthers(batch, layout);
    }

    /**
     * A kevent of a timer, signal, process or user event knote.
     *
     * @return false if the caller's ReadyEvents is full (keep the kevent for the next poll)
     */
    private boolean decodeSource(Pointer buf, int i, long token) {
        KqueueSource b = (KqueueSource) sourceOf(token);
        if (b == null) {
            return true; // released: the kernel had queued the kevent before its EV_DELETE
        }
        long count = b.count(layout.data(buf, i), layout.fflags(buf, i));
        if (count <= 0) {
            return true;
        }
        if (!deliverSource(b.owner(), count)) {
            return false;
        }
        b.delivered();
        if (b.oneTime()) {
            finishSource(b.owner());
        }
        return true;
    }

    /** EVFILT_USER NOTE_TRIGGER ({@link KqueueWakeup}), or the pipe where EVFILT_USER is missing. */
    @Override
    protected void implWakeup() throws IOException {
        if (resources().wakeup() != null) {
            super.implWakeup();
        } else {
            wakeup.trigger();
        }
    }

    /** Drains the pipe; EVFILT_USER with EV_CLEAR resets itself when retrieved. */
    @Override
    protected void implDrainWakeup() throws IOException {
        if (resources().wakeup() != null) {
            super.implDrainWakeup();
        }
    }

    private int evfilt(int which) {
        return which == READ_FILTER ? layout.evfiltRead : layout.evfiltWrite;
    }

    /** @return the kqueue fd, for tests */
    int kq() {
        return kq;
    }

    /** @return how many EV_DELETEs wait for the next kevent call, for tests */
    int queuedDeletes() {
        synchronized (lock) {
            return batch.queuedDeletes();
        }
    }

    /** @return the live knote of a source, or null; for tests */
    KqueueSource knoteOf(SourceRegistration s) {
        synchronized (lock) {
            return (KqueueSource) sourceOf(s.token());
        }
    }

    /** @return the layout in use, for tests */
    KeventLayout layout() {
        return layout;
    }
}
