package io.github.fdmux.select;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.FileIdentity;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.NativePoller;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Timespec;
import java.io.IOException;

/**
 * A poller over select(2), the classic way: two interest sets (read, write) kept up to date under
 * the lock, copied before each call into the three sets select(2) reads and overwrites (read,
 * write, and exception for urgent data, which takes the read interest), then a scan of the
 * returned words. The wakeup fd is always in the read set.
 *
 * <p><b>Who writes what.</b> The interest sets and {@link #byFd} are used only under the lock (asserted) and change
 * at once, whoever changes them: select(2) never sees them, only the copies {@link #beforeWait()}
 * makes under the lock. A change made while another thread is in select(2) wakes it
 * ({@link #wakeupForChange()}), and the next round's copy carries the change, so it is in force by
 * the return of the poll it interrupted, as POLL's contract says. The decode reads what the
 * registration asks for now: nothing a change removed during the wait is reported, and a
 * registration made during the wait ({@link SelectRegistration#since}) is not reported from a
 * wait that did not watch it.
 *
 * <p><b>Limits.</b> An {@code fd_set} has bits for fds 0 to {@code FD_SETSIZE - 1} (1024 on every
 * platform here): a higher fd is refused at register with an IllegalArgumentException
 * naming FD_SETSIZE and the fd, never written past the end of the set. The wakeup fd must be below
 * it too, or the poller does not open.
 *
 * <p><b>Modes.</b> LEVEL is select(2)'s own behaviour. ONESHOT is emulated: after delivering an
 * event the fd leaves the interest sets until {@code rearm()} or {@code modify()}.
 *
 * <p><b>Closed fds.</b> select(2) fails as a whole with EBADF when any fd in its sets is not open.
 * The poller then looks for the registrations whose fd is closed (fcntl F_GETFD), reports each as
 * {@code error} (as POLL reports POLLNVAL; once, for ONESHOT) and asks select(2) again at once
 * without them, so the other fds' readiness comes in the same poll. Like POLL, it does so on every
 * poll until such a registration is cancelled.
 *
 * <p><b>Cost.</b> Each call copies and the kernel scans {@code nfds} bits (the highest fd + 1),
 * whatever the number of ready fds, and the result scan reads the same words: O(highest fd).
 *
 * <p><b>Fairness.</b> When more fds are ready than the event buffer holds, the next poll's scan
 * starts at the fd that did not fit.
 */
final class SelectPoller extends NativePoller<SelectRegistration> {
    private final SelectNative nat;
    private final SelectPlatform platform;
    private final int wakeupFd;

    // Under the lock (asserted).
    private final FdSet readInterest;
    private final FdSet writeInterest;
    private final SelectRegistration[] byFd;
    /** The highest fd registered or the wakeup fd, + 1. */
    private int nfds;
    /** Counts the copies beforeWait made: a registration made later was not watched by that wait. */
    private long waitSeq;

    // Polling thread only: the sets select(2) reads and overwrites, the timeout struct.
    private final FdSet readReady;
    private final FdSet writeReady;
    private final FdSet exceptReady;
    private final Timespec timespec;
    private final NativeBuffer timeval;
    private int waitNfds;
    /** Where the next result scan starts (fairness when the event buffer fills). */
    private int cursor;
    /** The last wait found registrations whose fd is closed (flagged {@link SelectRegistration#closed}). */
    private boolean closedFound;
    /** A select(2) may be running: from beforeWait (under the lock) until it returns. */
    private volatile boolean inKernel;

    private SelectPoller(Capabilities caps, String reason, SelectNative nat, NativeResources res) {
        super(caps, reason, DuplicateCheck.byFileIdentity(fd -> identityBelowFdSetSize(fd, nat.platform())), res, SelectRegistration::new);
        this.nat = nat;
        this.platform = nat.platform();
        this.wakeupFd = res.wakeup().readFd();
        this.readInterest = fdSet(res);
        this.writeInterest = fdSet(res);
        this.readReady = fdSet(res);
        this.writeReady = fdSet(res);
        this.exceptReady = fdSet(res);
        this.timespec = res.timespec();
        this.timeval = res.allocate(SelectPlatform.TIMEVAL_SIZE);
        this.byFd = new SelectRegistration[platform.fdSetSize()];
        readInterest.set(wakeupFd);
        this.nfds = wakeupFd + 1;
    }

    private FdSet fdSet(NativeResources res) {
        FdSet set = new FdSet(platform);
        res.freeOnClose(set::free);
        return set;
    }

    static SelectPoller open(Capabilities caps, String reason, SelectNative nat) throws IOException {
        return NativeResources.open(-1, Native::close, res -> {
            int wakeupFd = res.openWakeup().readFd();
            if (wakeupFd >= nat.platform().fdSetSize()) {
                throw new IOException("SELECT cannot watch its own wakeup fd " + wakeupFd + ": select(2) takes"
                        + " fds below FD_SETSIZE (" + nat.platform().fdSetSize() + ") only, and this process has that"
                        + " many fds open; use POLL or EPOLL");
            }
            return new SelectPoller(caps, reason, nat, res);
        });
    }

    /**
     * fstat(2), which makes registering a closed fd fail at once with EBADF (whatever its number),
     * then the FD_SETSIZE check: an open fd at or above it is refused before anything is written.
     */
    private static FileIdentity identityBelowFdSetSize(int fd, SelectPlatform platform) throws IOException {
        FileIdentity identity = FileIdentity.of(fd);
        if (fd >= platform.fdSetSize()) {
            throw new IllegalArgumentException("fd " + fd + " is not below FD_SETSIZE (" + platform.fdSetSize()
                    + "): select(2) can watch fds 0 to " + (platform.fdSetSize() - 1) + " only (an fd_set has one bit"
                    + " per fd and no more); use POLL or EPOLL for higher fds");
        }
        return identity;
    }

    @Override
    protected void implRegister(SelectRegistration r) {
        assert Thread.holdsLock(lock);
        r.read = r.interest().isReadable();
        r.write = r.interest().isWritable();
        r.armed = true;
        r.since = waitSeq;
        byFd[r.fd()] = r;
        if (r.fd() >= nfds) {
            nfds = r.fd() + 1;
        }
        change(r);
    }

    @Override
    protected void implModify(SelectRegistration r, Interest interest) {
        r.read = interest.isReadable();
        r.write = interest.isWritable();
        r.armed = true; // modify re-arms a ONESHOT registration, as EPOLL_CTL_MOD does
        change(r);
    }

    @Override
    protected void implRearm(SelectRegistration r) {
        r.armed = true;
        change(r);
    }

    @Override
    protected void implCancel(SelectRegistration r) {
        assert Thread.holdsLock(lock);
        int fd = r.fd();
        if (byFd[fd] != r) {
            return; // an older registration of a reused fd number: the fd's bits are its successor's
        }
        byFd[fd] = null;
        change(r); // r is already invalid: its bits go
        if (fd + 1 == nfds) {
            int f = fd - 1;
            while (f > wakeupFd && byFd[f] == null) {
                f--;
            }
            nfds = Math.max(f, wakeupFd) + 1;
        }
    }

    /** Under the lock: makes the interest sets say what r asks for, and wakes a select(2) in another thread. */
    private void change(SelectRegistration r) {
        assert Thread.holdsLock(lock);
        countChange();
        boolean on = r.isValid() && r.armed;
        int fd = r.fd();
        if (on && r.read) {
            readInterest.set(fd);
        } else {
            readInterest.clear(fd);
        }
        if (on && r.write) {
            writeInterest.set(fd);
        } else {
            writeInterest.clear(fd);
        }
        if (inKernel && !inPollingThread()) {
            wakeupForChange();
        }
    }

    @Override
    protected void beforeWait() {
        synchronized (lock) {
            copyInterest();
            inKernel = true;
        }
    }

    /** Under the lock: the interest sets into the sets select(2) overwrites. */
    private void copyInterest() {
        assert Thread.holdsLock(lock);
        waitSeq++;
        waitNfds = nfds;
        readInterest.copyTo(readReady, waitNfds);
        readInterest.copyTo(exceptReady, waitNfds);
        writeInterest.copyTo(writeReady, waitNfds);
    }

    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        closedFound = false;
        int n;
        int err = 0;
        try {
            n = nat.wait(waitNfds, readReady, writeReady, exceptReady, timespec, timeval.pointer(), timeoutNanos);
            if (n < 0) {
                err = Native.errno();
            }
        } finally {
            inKernel = false;
        }
        if (n >= 0) {
            return n;
        }
        if (err == Errnos.EINTR) {
            return INTERRUPTED;
        }
        if (err == Errnos.EBADF) {
            return waitWithoutClosedFds();
        }
        throw failure(err);
    }

    private IOException failure(int err) {
        String call = nat.pselect() ? "pselect" : "select";
        if (err == Errnos.EINVAL) {
            return Native.exception(call, -1, err, "nfds " + waitNfds + " above FD_SETSIZE or RLIMIT_NOFILE,"
                    + " or a bad timeout");
        }
        return Native.exception(call, -1, err);
    }

    /**
     * select(2) said EBADF: flags the registrations whose fd is closed, and asks again at once
     * without them.
     *
     * @return the closed ones found plus the bits the second call set (none found closed: the
     *     number was reused in between, and the second call answers for the fds as they are now)
     * @throws IOException if select(2) fails otherwise, or refuses an fd that is open
     */
    private int waitWithoutClosedFds() throws IOException {
        while (true) {
            int closed = 0;
            synchronized (lock) {
                copyInterest();
                for (int fd = 0; fd < waitNfds; fd++) {
                    SelectRegistration r = byFd[fd];
                    if (r != null && r.watched() && !Fds.isOpen(fd)) {
                        r.closed = true;
                        readReady.clear(fd);
                        writeReady.clear(fd);
                        exceptReady.clear(fd);
                        closed++;
                    }
                }
            }
            if (closed == 0 && !Fds.isOpen(wakeupFd)) {
                throw Native.exception(nat.pselect() ? "pselect" : "select", wakeupFd, Errnos.EBADF,
                        "the poller's own wakeup fd " + wakeupFd + " was closed behind its back");
            }
            closedFound = closed > 0;
            int n = nat.wait(waitNfds, readReady, writeReady, exceptReady, timespec, timeval.pointer(), 0);
            if (n >= 0) {
                return closed + n;
            }
            int err = Native.errno();
            if (err == Errnos.EINTR) {
                readReady.zero();
                writeReady.zero();
                exceptReady.zero();
                return closed;
            }
            if (err != Errnos.EBADF) {
                throw failure(err);
            }
            if (closed == 0) {
                // fcntl(F_GETFD) finds every watched fd open, yet select(2) says EBADF twice in a row:
                // fail rather than spin.
                throw Native.exception(nat.pselect() ? "pselect" : "select", -1, err, "EBADF twice in a row although"
                        + " fcntl(F_GETFD) finds every registered fd open");
            }
            // Another fd was closed in between: look again.
        }
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        assert Thread.holdsLock(lock);
        if (readReady.isSet(wakeupFd)) {
            wakeupReceived();
        }
        if (closedFound) {
            closedFound = false;
            for (int fd = 0; fd < waitNfds; fd++) {
                SelectRegistration r = byFd[fd];
                if (r != null && r.closed) {
                    r.closed = false;
                    if (r.isValid() && r.armed && r.since < waitSeq && deliver(r, ReadyEvents.ERROR)) {
                        disarmIfOneshot(r);
                    }
                }
            }
        }
        int bitsPerWord = platform.bitsPerWord();
        int words = platform.wordsFor(waitNfds);
        int start = cursor < waitNfds ? cursor : 0;
        int startWord = start / bitsPerWord;
        long fromStart = -1L << (start % bitsPerWord); // the start word's fds from the cursor on
        // words + 1 steps: the start word from the cursor on, the other words, then the start word's lower fds.
        for (int k = 0; k <= words; k++) {
            int w = startWord + k < words ? startWord + k : startWord + k - words;
            long rw = readReady.word(w);
            long ww = writeReady.word(w);
            long ew = exceptReady.word(w);
            long bits = (rw | ww | ew) & (k == 0 ? fromStart : k == words ? ~fromStart : -1L);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int fd = w * bitsPerWord + b;
                SelectRegistration r = byFd[fd];
                if (r == null || !r.isValid() || !r.armed || r.since >= waitSeq) {
                    continue; // the wakeup fd, or changed during the wait
                }
                int ops = SelectReadiness.readyOps((rw >>> b & 1) != 0, (ww >>> b & 1) != 0, (ew >>> b & 1) != 0, r);
                if (ops == 0) {
                    continue;
                }
                if (!deliver(r, ops)) {
                    cursor = fd; // the buffer is full: the next poll starts with this fd
                    return;
                }
                disarmIfOneshot(r);
            }
        }
    }

    private void disarmIfOneshot(SelectRegistration r) {
        if (r.mode().isOneshot()) {
            r.armed = false;
            readInterest.clear(r.fd());
            writeInterest.clear(r.fd());
        }
    }

    /** @return the highest fd watched + 1, for tests */
    int nfds() {
        synchronized (lock) {
            return nfds;
        }
    }

    /**
     * @param fd an fd
     * @return whether it is in the read interest set now, for tests
     */
    boolean watchesRead(int fd) {
        synchronized (lock) {
            return readInterest.isSet(fd);
        }
    }

    /**
     * @param fd an fd
     * @return whether it is in the write interest set now, for tests
     */
    boolean watchesWrite(int fd) {
        synchronized (lock) {
            return writeInterest.isSet(fd);
        }
    }
}
