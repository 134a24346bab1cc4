package io.github.fdmux.poll;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.spi.Timeouts;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.FileIdentity;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativePoller;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Timespec;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * A poller over one {@link PollfdArray}: entry 0 is the wakeup fd, then one entry per registration.
 *
 * <p><b>Who writes the array.</b> poll(2) reads the array while it blocks (and writes revents back
 * when it returns), so nothing may move, free or rewrite it then. A change (register, modify,
 * rearm, cancel) is applied at once when no poll(2) is in the kernel; otherwise it is queued and the
 * poll woken ({@link #wakeupForChange()}), and the polling thread applies the queue in
 * {@link #beforeWait()} before it calls poll(2) again. So a change from another thread is in force
 * by the return of the poll it interrupted. {@link #inKernel} is set under the lock in
 * {@code beforeWait} and cleared when poll(2) returns: a thread holding the lock that reads it false
 * knows the polling thread cannot enter the kernel before it lets go of the lock.
 *
 * <p><b>Modes.</b> LEVEL is poll(2)'s own behaviour. ONESHOT is emulated: after delivering an
 * event the entry's fd is replaced by its complement, which poll(2) skips entirely (revents 0,
 * not even POLLHUP or POLLNVAL, as a disarmed EPOLLONESHOT item reports nothing), until
 * {@code rearm()} or {@code modify()} restores it.
 *
 * <p><b>Closed fds.</b> poll(2) polls fd numbers: an fd closed while registered is reported with
 * POLLNVAL on every poll, which fdmux delivers as {@code error} (once, for ONESHOT), until the
 * registration is cancelled, and once an open() reuses the number, that file's readiness. epoll and
 * kqueue drop such an fd silently instead.
 *
 * <p><b>Fairness.</b> When more entries are ready than the event buffer holds, the next poll's
 * scan starts at the first ready entry that did not fit, so the end of the array is not starved.
 */
final class PollPoller extends NativePoller<PollRegistration> {
    /** fstat(2): also what makes registering a closed fd fail at once with EBADF, as poll(2) would not. */
    private static final DuplicateCheck FSTAT = DuplicateCheck.byFileIdentity(FileIdentity::of);

    private final PollNative nat;
    private final PollPlatform platform;
    private final boolean ppoll;
    /** Written only under the lock (asserted) and only while {@link #inKernel} is false. */
    private final PollfdArray array;
    /** For ppoll; polling thread only. */
    private final Timespec timespec;
    /** Changes made while a poll(2) read the array; under the lock (asserted). */
    private final PendingChanges pending;
    /** A poll(2) may be reading the array: from beforeWait (under the lock) until poll(2) returns. */
    private volatile boolean inKernel;

    // Polling thread only: what beforeWait handed to the wait, and where the next scan starts.
    private Pointer waitArray;
    private int waitCount;
    private int cursor = 1;

    private PollPoller(Capabilities caps, String reason, PollNative nat, NativeResources res) {
        super(caps, reason, FSTAT, res, PollRegistration::new);
        this.nat = nat;
        this.platform = nat.platform();
        this.ppoll = nat.ppoll();
        this.timespec = res.timespec();
        this.array = new PollfdArray(platform, res.wakeup().readFd());
        this.pending = new PendingChanges(lock);
        res.freeOnClose(array::free);
    }

    static PollPoller open(Capabilities caps, String reason, PollNative nat) throws IOException {
        return NativeResources.open(-1, Native::close, res -> {
            res.openWakeup();
            return new PollPoller(caps, reason, nat, res);
        });
    }

    @Override
    protected void implRegister(PollRegistration r) {
        r.events = PollReadiness.interestBits(r.interest(), platform);
        r.armed = true;
        change(r);
    }

    @Override
    protected void implModify(PollRegistration r, Interest interest) {
        r.events = PollReadiness.interestBits(interest, platform);
        r.armed = true; // modify re-arms a ONESHOT registration, as EPOLL_CTL_MOD does
        change(r);
    }

    @Override
    protected void implRearm(PollRegistration r) {
        r.armed = true;
        change(r);
    }

    @Override
    protected void implCancel(PollRegistration r) {
        change(r); // r is already invalid: its entry goes
    }

    /** Under the lock: brings r's entry up to date now, or has the polling thread do it. */
    private void change(PollRegistration r) {
        assert Thread.holdsLock(lock);
        countChange();
        if (!inKernel || inPollingThread()) {
            array.sync(r);
            return;
        }
        pending.add(r);
        wakeupForChange();
    }

    @Override
    protected void beforeWait() {
        synchronized (lock) {
            pending.applyTo(array);
            waitArray = array.pointer();
            waitCount = array.size();
            inKernel = true;
        }
    }

    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        int n;
        int err = 0;
        boolean timed = ppoll && timeoutNanos > 0;
        try {
            if (timeoutNanos <= 0) {
                n = nat.poll(waitArray, waitCount, timeoutNanos < 0 ? -1 : 0);
            } else if (timed) {
                n = nat.ppoll(waitArray, waitCount, timespec.set(timeoutNanos));
            } else {
                n = nat.poll(waitArray, waitCount, Timeouts.millisRoundedUp(timeoutNanos));
            }
            if (n < 0) {
                err = Native.errno();
            }
        } finally {
            inKernel = false;
        }
        if (n < 0) {
            if (err == Errnos.EINTR) {
                return INTERRUPTED;
            }
            String call = timed ? "ppoll" : "poll";
            if (err == Errnos.EINVAL) {
                throw Native.exception(call, -1, err, waitCount + " pollfd entries: more than RLIMIT_NOFILE allows"
                        + " (poll(2) refuses nfds above it), or a bad timeout");
            }
            throw Native.exception(call, -1, err);
        }
        return n;
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        assert Thread.holdsLock(lock);
        int remaining = rawCount;
        if (array.revents(0) != 0) {
            wakeupReceived();
            remaining--;
        }
        int size = array.size();
        if (remaining <= 0 || size <= 1) {
            return;
        }
        int start = cursor < size ? cursor : 1;
        int i = start;
        do {
            int revents = array.revents(i);
            if (revents != 0) {
                remaining--;
                PollRegistration r = array.owner(i);
                if (r.isValid()) { // a cancel queued during the wait leaves its entry until beforeWait
                    if (!deliver(r, PollReadiness.readyOps(revents, array.events(i), platform))) {
                        cursor = i; // the buffer is full: the next poll starts with this one
                        return;
                    }
                    if (r.mode().isOneshot()) {
                        r.armed = false;
                        array.update(r, r.entryFd(), r.events);
                    }
                }
            }
            if (++i == size) {
                i = 1;
            }
        } while (remaining > 0 && i != start);
    }

    /** @return the pollfd array, for tests (read it under {@link #lock}) */
    PollfdArray array() {
        return array;
    }

    /** @return whether a poll(2) may be reading the array now, for tests */
    boolean inKernel() {
        return inKernel;
    }

    /** @return how many changes had to wait for the polling thread, for tests */
    long queuedChanges() {
        synchronized (lock) {
            return pending.total();
        }
    }

    /** @return the lock, for tests */
    Object lock() {
        return lock;
    }
}
