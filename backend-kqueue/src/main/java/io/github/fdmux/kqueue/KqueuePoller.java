package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_CLEAR;
import static io.github.fdmux.kqueue.KeventLayout.EV_DELETE;
import static io.github.fdmux.kqueue.KeventLayout.EV_DISABLE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ENABLE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ERROR;
import static io.github.fdmux.kqueue.KeventLayout.EV_RECEIPT;
import static io.github.fdmux.kqueue.KeventLayout.NOTE_TRIGGER;
import static io.github.fdmux.kqueue.KqueueReadiness.READ_FILTER;
import static io.github.fdmux.kqueue.KqueueReadiness.WRITE_FILTER;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.unix.ChannelFd;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.FileIdentity;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.Wakeup;
import io.github.fdmux.unix.Wakeups;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * A poller on one kqueue. A registration is up to two knotes of its fd, EVFILT_READ and
 * EVFILT_WRITE, each carrying the registration's token as {@code udata}; the kernel reports them
 * as separate kevents, which {@link AbstractPoller#deliver} merges into one event per poll.
 *
 * <h2>When changes reach the kernel</h2>
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
 *       Under libkqueue the queue is applied before cancel() returns ({@link #flushDeletes}):
 *       libkqueue cannot see a close, so its delete must come before the close.</li>
 * </ul>
 * So on a kernel kqueue cancel costs no system call, and any number of cancels between two polls
 * cost one.
 *
 * <h2>Modes</h2>
 * LEVEL is plain EV_ADD; EDGE adds EV_CLEAR; ONESHOT adds EV_DISPATCH (the knote is disabled once
 * retrieved and kept, and {@code rearm()} sends EV_ENABLE); EDGE_ONESHOT both. EV_DISPATCH works per
 * knote, so when only one filter of a READ_WRITE oneshot registration fired, the decode step
 * disables the other one before the poll returns: the whole registration is disarmed, as with
 * EPOLLONESHOT, and one worker at a time owns the fd. {@code modify} re-arms and re-checks
 * readiness, like EPOLL_CTL_MOD: kept filters get EV_ENABLE (the kernels re-evaluate the filter on
 * any change: XNU kevent_register via f_touch, FreeBSD and OpenBSD kqueue_register), new ones
 * EV_ADD, dropped ones EV_DELETE; under libkqueue kept filters are deleted and added afresh.
 *
 * <h2>Wakeup</h2>
 * An EVFILT_USER event with EV_CLEAR, fired with NOTE_TRIGGER (no fd at all, nothing to drain);
 * where the kernel refuses EVFILT_USER (OpenBSD before 7.8) a non-blocking pipe watched by
 * EVFILT_READ.
 */
final class KqueuePoller extends AbstractPoller<KqueueRegistration> {
    /** No registration token has all bits set (the slot half would be -1). */
    static final long WAKEUP_TOKEN = -1L;
    /** The EVFILT_USER identifier of the wakeup event (user identifiers are not fds). */
    static final long WAKEUP_IDENT = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Longer waits are cut into pieces (kernels reject or clamp huge timespecs); poll loops on. */
    private static final long MAX_WAIT_SECONDS = 1_000_000;
    private static final int TIMESPEC_BYTES = 16;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final KqueueNative nat;
    private final KeventLayout layout;
    private final int kq;

    // Guarded by lock: the change list of immediate calls, their receipts, the queued deletes.
    private NativeBuffer changes;
    private NativeBuffer receipts;
    private int changesCapacity;
    private int changeCount;
    private long[] queuedIdents = new long[16];
    private int[] queuedFilters = new int[16];
    private int queuedCount;
    /**
     * libkqueue only: EV_ENABLE changes kept out of the receipt batch (see {@link #addChange}),
     * sent one by one through {@link #soloChange}.
     */
    private final boolean enableWithoutReceipt;
    /** libkqueue only: cancel sends its EV_DELETEs at once (see {@link #flushDeletes}). */
    private final boolean deleteAtOnce;
    private long[] soloIdents = new long[4];
    private int[] soloFilters = new int[4];
    private long[] soloUdata = new long[4];
    private int soloCount;
    private final NativeBuffer soloChange;
    private KqueueRegistration[] firedOneshots = new KqueueRegistration[16];
    private int firedOneshotCount;
    private long decodeStamp;
    /**
     * The kevent call that applies a change list ({@link #submit}); {@code nat::kevent}. Tests put
     * a failing or interrupted call in its place (the kernels give no way to make one fail on demand).
     */
    KeventCall changeCall;
    /**
     * libkqueue only: whether the event list is sized for two kevents per registered fd (see
     * {@link #eventListSize}).
     */
    private final boolean oneEpollItemPerFd;
    /** Registered fds (written under the lock, read by the polling thread to size the event list). */
    private volatile int registeredFds;
    /**
     * Poll-thread only: raw kevents of the last wait that did not fit in the caller's ReadyEvents,
     * kept at the head of {@link #events} and decoded by the next poll before the kernel is asked
     * again.
     */
    private int pendingRaw;

    /** A zero struct timespec; never written after allocation, so any thread may pass it. */
    private final NativeBuffer zeroTimeout;
    /** The NOTE_TRIGGER change; used under the wakeup lock (where implWakeup runs). */
    private final NativeBuffer triggerChange;
    /** Poll-thread only: the wait's timeout and event list. */
    private final NativeBuffer timeout;
    private NativeBuffer events;
    private int eventsCapacity;

    /** The pipe when EVFILT_USER is missing, else null. Set once by {@link #open}. */
    private Wakeup pipeWakeup;

    private KqueuePoller(Capabilities caps, String reason, KqueueNative nat, int kq) {
        super(caps, reason);
        this.nat = nat;
        this.layout = nat.layout;
        this.kq = kq;
        this.changesCapacity = 8;
        this.changes = NativeBuffer.allocate((long) changesCapacity * layout.size);
        this.receipts = NativeBuffer.allocate((long) changesCapacity * layout.size);
        this.zeroTimeout = NativeBuffer.allocate(TIMESPEC_BYTES);
        this.triggerChange = NativeBuffer.allocate(layout.size);
        this.soloChange = NativeBuffer.allocate(layout.size);
        this.enableWithoutReceipt = nat.isLibkqueue();
        this.deleteAtOnce = nat.isLibkqueue();
        this.oneEpollItemPerFd = nat.isLibkqueue();
        this.changeCall = nat::kevent;
        this.timeout = NativeBuffer.allocate(TIMESPEC_BYTES);
        this.eventsCapacity = 64;
        this.events = NativeBuffer.allocate((long) eventsCapacity * layout.size);
        layout.put(triggerChange.pointer(), 0, WAKEUP_IDENT, layout.evfiltUser, 0, NOTE_TRIGGER, 0, WAKEUP_TOKEN);
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
        KqueuePoller poller = null;
        try {
            Fds.setCloseOnExec(kq);
            poller = new KqueuePoller(caps, reason, nat, kq);
            poller.installWakeup(userEvent);
            return poller;
        } catch (IOException | RuntimeException | Error e) {
            if (poller != null) {
                poller.releaseWakeupPipe(e);
                poller.freeMemory();
            }
            nat.closeKqueue(kq);
            throw e;
        }
    }

    /** Adds the EVFILT_USER wakeup event, or a pipe where the kernel does not know EVFILT_USER. */
    private void installWakeup(boolean userEvent) throws IOException {
        synchronized (lock) {
            if (userEvent) {
                changeCount = 0;
                addChange(WAKEUP_IDENT, layout.evfiltUser, EV_ADD | EV_CLEAR, WAKEUP_TOKEN);
                int err = submitOne("kevent(EV_ADD EVFILT_USER)", WAKEUP_IDENT);
                if (err == 0) {
                    return;
                }
                if (err != Errnos.EINVAL) {
                    throw Native.exception("kevent(EV_ADD|EV_CLEAR EVFILT_USER)", kq, err);
                }
                LOG.log(System.Logger.Level.DEBUG, "KQUEUE: EVFILT_USER refused (EINVAL), waking up through a pipe");
            }
            pipeWakeup = Wakeups.openPipe();
            changeCount = 0;
            addChange(pipeWakeup.readFd(), layout.evfiltRead, EV_ADD, WAKEUP_TOKEN);
            int err = submitOne("kevent(EV_ADD EVFILT_READ)", pipeWakeup.readFd());
            if (err != 0) {
                throw Native.exception("kevent(EV_ADD EVFILT_READ) of the wakeup pipe", pipeWakeup.readFd(), err);
            }
        }
    }

    /** Sends the one change in the list with EV_RECEIPT; returns its errno (0 = accepted). */
    private int submitOne(String call, long ident) throws IOException {
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

    // ---------------------------------------------------------------- AbstractPoller hooks

    @Override
    protected KqueueRegistration newRegistration(int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        return new KqueueRegistration(this, fd, channel, interest, mode, attachment, exclusive);
    }

    @Override
    protected int channelFd(SelectableChannel channel) {
        return ChannelFd.of(channel);
    }

    @Override
    protected Object fileIdentity(int fd) throws IOException {
        return FileIdentity.of(fd);
    }

    /**
     * The kqueue fd and, where EVFILT_USER is missing, the wakeup pipe. (libkqueue opens fds of its
     * own behind kqueue(); fdmux does not know them, and they stay libkqueue's business.)
     */
    @Override
    protected boolean isOwnFd(int fd) {
        if (fd == kq) {
            return true;
        }
        if (pipeWakeup != null) {
            for (int w : pipeWakeup.fds()) {
                if (w == fd) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected void implRegister(KqueueRegistration r) throws IOException {
        registeredFds++; // implCancel, also on the failure path below, takes it back
        startChanges();
        int want = filters(r.interest());
        int add = EV_ADD | EV_ENABLE | KqueueReadiness.modeFlags(r.mode());
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((want & f) != 0) {
                addChange(r.fd(), evfilt(f), add, r.token());
            }
        }
        try {
            applyFor(r);
        } catch (NativeCallException e) {
            // The registration is not made: take back the filter that the kernel did accept.
            implCancel(r);
            throw e;
        }
    }

    @Override
    protected void implModify(KqueueRegistration r, Interest interest) throws IOException {
        startChanges();
        int want = filters(interest);
        int kept = want & r.present;
        int dropped = r.present & ~want;
        if (enableWithoutReceipt && kept != 0) {
            // libkqueue keeps one epoll item per fd for both filters, and deleting one filter leaves
            // the other level-triggered (an EDGE registration going from READ_WRITE to READ reported
            // the same byte at every poll); and its EV_ENABLE of an enabled EV_CLEAR knote does not
            // look at the fd again, where XNU (kern_event.c kevent_register calls the filter's
            // f_touch) and FreeBSD/OpenBSD (kern_event.c kqueue_register re-runs f_event / f_modify)
            // do, as EPOLL_CTL_MOD does: an EDGE modify with unread data would stay silent. So under
            // libkqueue every kept filter is deleted and added afresh, which re-checks readiness.
            dropped |= kept;
        }
        // Deletes first: under libkqueue an EV_DELETE of one filter after an EV_ADD|EV_CLEAR of the
        // other in the same change list had the same effect. Real kqueues treat the filters
        // independently; the order is free there.
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((dropped & f) != 0) {
                addChange(r.fd(), evfilt(f), EV_DELETE, r.token());
            }
        }
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            boolean wanted = (want & f) != 0;
            boolean there = (r.present & f) != 0 && (dropped & f) == 0;
            if (wanted && there) {
                // EV_ENABLE re-arms a dispatched knote and makes the kernel look at the fd again.
                addChange(r.fd(), evfilt(f), EV_ENABLE, r.token());
            } else if (wanted) {
                addChange(r.fd(), evfilt(f), EV_ADD | EV_ENABLE | KqueueReadiness.modeFlags(r.mode()), r.token());
            }
        }
        applyFor(r);
    }

    @Override
    protected void implRearm(KqueueRegistration r) throws IOException {
        startChanges();
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((r.present & f) != 0) {
                // EV_ENABLE without EV_ADD: if the fd was closed this is refused (ENOENT on macOS,
                // EBADF on FreeBSD and OpenBSD: fdClosed) instead of a silent registration of
                // whatever file has the number now.
                addChange(r.fd(), evfilt(f), EV_ENABLE, r.token());
            }
        }
        applyFor(r);
    }

    @Override
    protected void implCancel(KqueueRegistration r) {
        registeredFds--;
        for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
            if ((r.present & f) != 0) {
                queueDelete(r.fd(), evfilt(f));
                countChange();
            }
        }
        r.present = 0;
        if (deleteAtOnce && queuedCount > 0 && isOpen()) {
            flushDeletes();
        }
    }

    /**
     * libkqueue only: sends the queued EV_DELETEs now, before cancel() returns. The documented
     * order is cancel, then close; a kernel kqueue drops a closed fd's knotes by itself, but
     * libkqueue sits on epoll and learns of the cancel only through its EV_DELETE. Sent after the
     * close, its epoll_ctl(EPOLL_CTL_DEL) fails with EBADF, libkqueue frees its knote anyway, and
     * where a dup keeps the file open the epoll item stays and keeps firing for a knote that no
     * longer exists: every later wait returns at once with nothing (a busy loop), or kevent fails
     * with EBADF. A failure here is logged; the deletes then stay queued for the next call.
     */
    private void flushDeletes() {
        startChanges();
        try {
            applyFor(null);
        } catch (NativeCallException e) {
            LOG.log(System.Logger.Level.DEBUG, "KQUEUE: EV_DELETE at cancel failed, kept queued: {0}", e.getMessage());
        }
    }

    @Override
    protected void beforeWait() throws IOException {
        synchronized (lock) {
            if (queuedCount > 0 && isOpen()) {
                startChanges();
                applyFor(null);
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
        int wanted = eventListSize(maxEvents, registeredFds, oneEpollItemPerFd);
        if (wanted > eventsCapacity) {
            NativeBuffer bigger = NativeBuffer.allocate((long) wanted * layout.size);
            events.free();
            events = bigger;
            eventsCapacity = wanted;
        }
        maxEvents = wanted;
        Pointer ts = null;
        if (timeoutNanos >= 0) {
            ts = timeout.pointer();
            long seconds = timeoutNanos / NANOS_PER_SECOND;
            if (seconds >= MAX_WAIT_SECONDS) {
                ts.putLong(0, MAX_WAIT_SECONDS);
                ts.putLong(8, 0);
            } else {
                ts.putLong(0, seconds);
                ts.putLong(8, timeoutNanos % NANOS_PER_SECOND);
            }
        }
        int n = nat.kevent(kq, null, 0, events.pointer(), maxEvents, ts);
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
        Pointer buf = events.pointer();
        long stamp = ++decodeStamp;
        firedOneshotCount = 0;
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
            KqueueRegistration r = lookup(token);
            if (r == null) {
                continue;
            }
            int filter = layout.filter(buf, i);
            int which = filter == layout.evfiltRead ? READ_FILTER : filter == layout.evfiltWrite ? WRITE_FILTER : 0;
            if (which == 0) {
                continue;
            }
            if (!deliver(r, KqueueReadiness.readyOps(which, flags, layout.fflags(buf, i)))) {
                // The caller's ReadyEvents is full: keep this kevent for the next poll. (A kevent of
                // a registration already delivered in this poll merges into its slot and never
                // gets here, so a registration is either delivered whole or kept whole.)
                copyEvent(buf, i, kept++);
                continue;
            }
            if (r.mode().isOneshot()) {
                noteOneshotFired(r, which, stamp);
            }
        }
        pendingRaw = kept;
        disarmOtherFilters();
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
     * returns more than fits; what does not fit in the caller's ReadyEvents waits in
     * {@link #pendingRaw} for the next poll.
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

    /** Copies kevent {@code from} over kevent {@code to} (to &lt;= from) in the event list. */
    private void copyEvent(Pointer buf, int from, int to) {
        if (from == to) {
            return;
        }
        long src = (long) from * layout.size;
        long dst = (long) to * layout.size;
        for (int off = 0; off < layout.size; off += 8) {
            buf.putLong(dst + off, buf.getLong(src + off));
        }
    }

    private void noteOneshotFired(KqueueRegistration r, int which, long stamp) {
        if (r.firedStamp != stamp) {
            r.firedStamp = stamp;
            r.firedFilters = 0;
            if (firedOneshotCount == firedOneshots.length) {
                firedOneshots = Arrays.copyOf(firedOneshots, firedOneshotCount * 2);
            }
            firedOneshots[firedOneshotCount++] = r;
        }
        r.firedFilters |= which;
    }

    /**
     * EV_DISPATCH disabled the knotes that fired; a oneshot registration must not report through
     * its other filter before {@code rearm()} either, so disable that one now (under the lock,
     * before this poll returns). Failures mean the fd is gone and are ignored.
     */
    private void disarmOtherFilters() throws NativeCallException {
        if (firedOneshotCount == 0) {
            return;
        }
        startChanges();
        for (int i = 0; i < firedOneshotCount; i++) {
            KqueueRegistration r = firedOneshots[i];
            firedOneshots[i] = null;
            int others = r.present & ~r.firedFilters;
            for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
                if ((others & f) != 0) {
                    addChange(r.fd(), evfilt(f), EV_DISABLE, r.token());
                }
            }
        }
        firedOneshotCount = 0;
        if (changeCount > 0 || soloCount > 0) {
            applyFor(null);
        }
    }

    @Override
    protected void implWakeup() throws IOException {
        if (pipeWakeup != null) {
            pipeWakeup.signal();
            return;
        }
        if (nat.kevent(kq, triggerChange.pointer(), 1, null, 0, zeroTimeout.pointer()) < 0) {
            int err = Native.errno();
            if (!appliedDespite(err)) {
                throw Native.exception("kevent(EVFILT_USER NOTE_TRIGGER)", kq, err);
            }
        }
    }

    @Override
    protected void implDrainWakeup() throws IOException {
        if (pipeWakeup != null) {
            pipeWakeup.drain();
        }
        // EVFILT_USER with EV_CLEAR resets itself when retrieved.
    }

    @Override
    protected void implClose() throws IOException {
        IOException first = releaseWakeupPipe(null);
        queuedCount = 0;
        if (nat.closeKqueue(kq) < 0) {
            int err = Native.errno();
            if (err != Errnos.EINTR) {
                NativeCallException e = Native.exception("close", kq, err);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        freeMemory();
        if (first != null) {
            throw first;
        }
    }

    private IOException releaseWakeupPipe(Throwable pending) {
        if (pipeWakeup == null) {
            return null;
        }
        try {
            pipeWakeup.close();
            return null;
        } catch (IOException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            }
            return e;
        }
    }

    private void freeMemory() {
        changes.free();
        receipts.free();
        zeroTimeout.free();
        triggerChange.free();
        soloChange.free();
        timeout.free();
        events.free();
    }

    // ---------------------------------------------------------------- the change list (under lock)

    /** Starts a change list with the queued deletes at its head. */
    private void startChanges() {
        changeCount = 0;
        soloCount = 0;
        ensureChangeCapacity(queuedCount + 2);
        Pointer p = changes.pointer();
        for (int i = 0; i < queuedCount; i++) {
            layout.put(p, changeCount++, queuedIdents[i], queuedFilters[i], EV_DELETE | EV_RECEIPT, 0, 0, 0);
        }
    }

    /**
     * Appends a change, flagged EV_RECEIPT. Under libkqueue a bare EV_ENABLE is set aside instead:
     * libkqueue (kevent_copyin_one) sends any change carrying EV_RECEIPT through the filter's
     * modify hook, which refuses a socket's EVFILT_READ without EV_CLEAR and EVFILT_WRITE
     * altogether, and then reports whatever errno the thread had left over (seen: EAGAIN). Without
     * EV_RECEIPT an EV_ENABLE only enables, so those go one per call with no event list, where a
     * failure is kevent's own -1 and errno.
     */
    private void addChange(long ident, int filter, int flags, long udata) {
        if (enableWithoutReceipt && flags == EV_ENABLE) {
            if (soloCount == soloIdents.length) {
                soloIdents = Arrays.copyOf(soloIdents, soloCount * 2);
                soloFilters = Arrays.copyOf(soloFilters, soloCount * 2);
                soloUdata = Arrays.copyOf(soloUdata, soloCount * 2);
            }
            soloIdents[soloCount] = ident;
            soloFilters[soloCount] = filter;
            soloUdata[soloCount] = udata;
            soloCount++;
            return;
        }
        ensureChangeCapacity(changeCount + 1);
        layout.put(changes.pointer(), changeCount++, ident, filter, flags | EV_RECEIPT, 0, 0, udata);
    }

    private void ensureChangeCapacity(int needed) {
        if (needed <= changesCapacity) {
            return;
        }
        int n = Math.max(needed, changesCapacity * 2);
        NativeBuffer c = NativeBuffer.allocate((long) n * layout.size);
        NativeBuffer r;
        try {
            r = NativeBuffer.allocate((long) n * layout.size);
        } catch (OutOfMemoryError e) {
            c.free();
            throw e;
        }
        // Copy what is already written (the queued deletes, then this call's changes).
        for (long off = 0; off < (long) changeCount * layout.size; off += 8) {
            c.pointer().putLong(off, changes.pointer().getLong(off));
        }
        changes.free();
        receipts.free();
        changes = c;
        receipts = r;
        changesCapacity = n;
    }

    private void queueDelete(long ident, int filter) {
        if (queuedCount == queuedIdents.length) {
            queuedIdents = Arrays.copyOf(queuedIdents, queuedCount * 2);
            queuedFilters = Arrays.copyOf(queuedFilters, queuedCount * 2);
        }
        queuedIdents[queuedCount] = ident;
        queuedFilters[queuedCount] = filter;
        queuedCount++;
    }

    /**
     * Sends the change list (the queued deletes, then {@code owner}'s changes) in one kevent call
     * and reads the receipts. The queued deletes are done whatever their answer; {@code owner}'s
     * kernel state is updated from the receipts of its changes, and the first refused one is thrown.
     *
     * @param owner the registration the changes after the queued deletes belong to, or null when
     *     their failures are of no interest (disarming, flushing)
     * @throws NativeCallException if the kernel refused one of {@code owner}'s changes
     */
    private void applyFor(KqueueRegistration owner) throws NativeCallException {
        NativeCallException refused = applyBatch(owner);
        refused = applySolo(owner, refused);
        if (refused != null) {
            throw refused;
        }
    }

    private NativeCallException applyBatch(KqueueRegistration owner) throws NativeCallException {
        int total = changeCount;
        int deletes = queuedCount;
        if (total == 0) {
            return null;
        }
        int fd = owner != null ? owner.fd() : -1;
        // The queued deletes stay queued until the call has gone through: if kevent itself fails
        // they go out again at the head of the next change list instead of being lost.
        int n = submit("kevent", fd);
        queuedCount = 0;
        for (int i = deletes; i < total; i++) { // the queued deletes were counted by implCancel
            countChange();
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
            int which = filter == layout.evfiltRead ? READ_FILTER : WRITE_FILTER;
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
                        : refusal(flags, filter, (int) ident, err));
            }
        }
        return refused;
    }

    /** The EV_ENABLEs set aside under libkqueue: one kevent call each, no receipt, no event list. */
    private NativeCallException applySolo(KqueueRegistration owner, NativeCallException refused) {
        int count = soloCount;
        soloCount = 0;
        Pointer p = soloChange.pointer();
        for (int i = 0; i < count; i++) {
            countChange();
            layout.put(p, 0, soloIdents[i], soloFilters[i], EV_ENABLE, 0, 0, soloUdata[i]);
            if (nat.kevent(kq, p, 1, null, 0, zeroTimeout.pointer()) < 0 && owner != null
                    && !appliedDespite(Native.errno())) {
                int err = Native.errno();
                if (fdClosed(EV_ENABLE, err)) {
                    owner.present &= ~(soloFilters[i] == layout.evfiltRead ? READ_FILTER : WRITE_FILTER);
                }
                refused = merge(refused, refusal(EV_ENABLE, soloFilters[i], (int) soloIdents[i], err));
            }
        }
        return refused;
    }

    private static NativeCallException merge(NativeCallException first, NativeCallException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private NativeCallException refusal(int flags, int filter, int fd, int err) {
        return refusal(layout, flags, filter, fd, err);
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

    /**
     * One kevent call with the change list and as many receipt slots as changes. Every BSD (and
     * libkqueue) then returns the receipts without waiting or draining events; the zero timeout
     * makes sure of it.
     *
     * @return the number of receipts
     */
    private int submit(String call, int fd) throws NativeCallException {
        int n = changeCall.kevent(kq, changes.pointer(), changeCount, receipts.pointer(), changeCount,
                zeroTimeout.pointer());
        if (n < 0) {
            int err = Native.errno();
            if (appliedDespite(err)) {
                // The changes were applied; their receipts were not copied out. Mark every slot
                // "accepted", so that findReceipt reads data 0 for each change.
                Pointer rc = receipts.pointer();
                for (int i = 0; i < changeCount; i++) {
                    layout.put(rc, i, layout.ident(changes.pointer(), i), layout.filter(changes.pointer(), i),
                            EV_ERROR, 0, 0, 0);
                }
                return changeCount;
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

    private int evfilt(int which) {
        return which == READ_FILTER ? layout.evfiltRead : layout.evfiltWrite;
    }

    private static int filters(Interest interest) {
        return (interest.isReadable() ? READ_FILTER : 0) | (interest.isWritable() ? WRITE_FILTER : 0);
    }

    // ---------------------------------------------------------------- for tests

    /** kevent(2)'s signature, for {@link #changeCall}. */
    @FunctionalInterface
    interface KeventCall {
        /**
         * @return what kevent returns; -1 with errno set on failure
         */
        int kevent(int kq, Pointer changes, int nchanges, Pointer events, int nevents, Pointer timeout);
    }

    /** @return the kqueue fd */
    int kq() {
        return kq;
    }

    /** @return the wakeup pipe's fds, or none when EVFILT_USER wakes the poller */
    int[] wakeupFds() {
        return pipeWakeup == null ? new int[0] : pipeWakeup.fds();
    }

    /** @return how many EV_DELETEs wait for the next kevent call */
    int queuedDeletes() {
        synchronized (lock) {
            return queuedCount;
        }
    }

    /** @return the layout in use */
    KeventLayout layout() {
        return layout;
    }
}
