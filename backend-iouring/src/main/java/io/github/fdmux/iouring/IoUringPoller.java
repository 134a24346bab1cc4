package io.github.fdmux.iouring;

import static io.github.fdmux.iouring.IoUringConstants.IORING_CQE_F_MORE;
import static io.github.fdmux.iouring.IoUringConstants.IORING_ENTER_GETEVENTS;
import static io.github.fdmux.unix.LinuxConstants.POLLIN;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.FileIdentity;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativePoller;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Wakeup;
import java.io.IOException;
import java.util.Arrays;

/**
 * A poller on one io_uring instance, using it for readiness only: each registration is one
 * IORING_OP_POLL_ADD request in the ring.
 *
 * <ul>
 *   <li>ONESHOT and EDGE_ONESHOT: a single-shot POLL_ADD; {@code rearm()} queues a new one.</li>
 *   <li>EDGE: a multishot POLL_ADD (IORING_POLL_ADD_MULTI): one completion per wakeup of the
 *       file's wait queue, as EPOLLET. If the kernel ends it (a completion without
 *       IORING_CQE_F_MORE that fdmux did not ask for, e.g. when the CQ overflowed) it is re-armed.</li>
 *   <li>LEVEL: emulated - a single-shot POLL_ADD that the poller re-arms itself after each delivery,
 *       at the start of the next poll; a POLL_ADD of a ready fd completes at once, so every poll
 *       reports a still-ready fd.</li>
 * </ul>
 *
 * <p>Changes: {@code register}, {@code modify} and {@code rearm} are only queued in the SQ ring and
 * travel with the next io_uring_enter of a poll, which submits and waits in one call - unless the
 * polling thread is already waiting in the kernel, in which case the changing thread submits them
 * itself ({@link Submissions}), so they are in force when the call returns. Queuing also
 * keeps results fresh: a single-shot POLL_ADD of a ready fd completes when it is submitted, with the
 * readiness of that moment, so submitted by the poll it reports what is ready at the poll, as
 * epoll_wait does (submitted at register time, it would report a writable socket as writable only,
 * although data and a FIN arrived before the poll: found by the model-based test).
 * {@code cancel} is submitted at once: the POLL_ADD holds a reference to the file, which stays open
 * until the removal is processed. A modify of an armed request is a POLL_REMOVE of it and a POLL_ADD
 * with a new user_data.
 *
 * <p>user_data ({@link UserData}) says what a completion is; a POLL_ADD's is remembered in
 * {@link IoUringRegistration#armed}, and a completion that no longer matches it is dropped. A
 * POLL_REMOVE's completion is ignored unless it answers -EALREADY, when it is queued again
 * ({@link Requests#retryRemove}).
 *
 * <p>Locking: the slot table ({@link Requests}), the LEVEL re-arm list, the registrations' request
 * fields and the SQ ring ({@link Submissions}) are used only under {@link #lock} (asserted); the CQ
 * ring only by the polling thread.
 *
 * <p>Completions are consumed from the CQ ring only as far as the caller's {@link ReadyEvents} has
 * room; the rest stay in the ring for the next poll, and the kernel keeps anything beyond the
 * ring's size in its overflow list (IORING_FEAT_NODROP, required), flushed by the next
 * io_uring_enter with IORING_ENTER_GETEVENTS, which every poll makes.
 */
final class IoUringPoller extends NativePoller<IoUringRegistration> {
    private static final int SQ_ENTRIES = 256;
    private static final int CQ_ENTRIES = 4096;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final IoUringRing ring;
    private final Submissions sq;
    private final Requests requests;
    private final Wakeup wakeup;
    private final boolean multishot;
    /** LEVEL registrations delivered by the last poll, to re-arm at the next. */
    private IoUringRegistration[] levelRearms = new IoUringRegistration[64];
    private int levelRearmCount;

    /**
     * The ring knows requests, not fds: nothing in it refuses a closed fd synchronously (the POLL_ADD
     * would fail later, in its completion) or a second registration of the same file. fstat(2) does
     * both: EBADF now, and the device and inode that tell a reused fd number from a duplicate.
     */
    private static final DuplicateCheck FSTAT = DuplicateCheck.byFileIdentity(FileIdentity::of);

    private IoUringPoller(Capabilities caps, String reason, IoUringNative nat, IoUringRing ring, NativeResources res) {
        super(caps, reason, FSTAT, res, IoUringRegistration::new);
        this.ring = ring;
        this.wakeup = res.wakeup();
        this.multishot = nat.multishot();
        this.sq = new Submissions(ring, lock, res.allocate(IoUringLayout.TIMESPEC_SIZE));
        this.requests = new Requests(sq, lock, this::countChange);
    }

    static IoUringPoller open(Capabilities caps, String reason, IoUringNative nat) throws IOException {
        return open(caps, reason, nat, SQ_ENTRIES, CQ_ENTRIES);
    }

    /**
     * Opens a poller with rings of the given sizes (tests make the CQ ring small to overflow it); if
     * the ring, the wakeup or the first submission fails, all of it is released.
     */
    static IoUringPoller open(Capabilities caps, String reason, IoUringNative nat, int sqEntries, int cqEntries)
            throws IOException {
        IoUringRing ring = IoUringRing.open(nat.lib(), nat.fast(), nat.nr(), sqEntries, cqEntries);
        // Closing the ring fd (and unmapping the rings) cancels every request in it.
        return NativeResources.open(ring.fd(), fd -> ring.close(), res -> {
            res.openWakeup();
            IoUringPoller poller = new IoUringPoller(caps, reason, nat, ring, res);
            synchronized (poller.lock) {
                poller.armWakeup();
                poller.sq.submitNow();
            }
            return poller;
        });
    }

    @Override
    protected void implRegister(IoUringRegistration r) throws IOException {
        requests.add(r);
        try {
            requests.arm(r, r.interest());
            sq.submitIfWaiting();
        } catch (IOException | RuntimeException | Error e) {
            requests.remove(r);
            r.armed = 0;
            throw e;
        }
    }

    @Override
    protected void implModify(IoUringRegistration r, Interest interest) throws IOException {
        requests.disarm(r);
        requests.arm(r, interest);
        sq.submitIfWaiting();
    }

    @Override
    protected void implRearm(IoUringRegistration r) throws IOException {
        if (r.armed != 0) {
            return; // its single-shot POLL_ADD is still in the ring (or its completion not yet read): armed already
        }
        requests.arm(r, r.interest());
        sq.submitIfWaiting();
    }

    @Override
    protected void implCancel(IoUringRegistration r) {
        requests.remove(r);
        try {
            if (requests.disarm(r)) {
                // At once: the POLL_ADD holds a reference to the file, which stays open (and its peer
                // sees no close) until the removal is processed.
                sq.submitNow();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "IO_URING: removing the poll of fd " + r.fd() + " failed: "
                    + e.getMessage());
        }
    }

    private void armWakeup() throws IOException {
        sq.pollAdd(wakeup.readFd(), POLLIN, 0, UserData.WAKEUP);
    }

    /**
     * One io_uring_enter: submits what is queued and waits. A timed wait adds an IORING_OP_TIMEOUT
     * ({@link Submissions#timeout}). io_uring_enter's extended argument would carry the timeout
     * without a request, but needs six system call arguments, and a JNR call of seven Java arguments
     * allocates (see {@link IoUringLibrary}).
     */
    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        boolean ready = ring.cqReady() > 0;
        int toSubmit;
        synchronized (lock) {
            if (ready) {
                refreshStaleCompletions();
            }
            rearmDeliveredLevel();
            if (timeoutNanos > 0 && !ready) {
                sq.timeout(timeoutNanos);
            }
            toSubmit = sq.beginWait();
        }
        long r;
        int err = 0;
        try {
            r = ring.enter(toSubmit, timeoutNanos == 0 || ready ? 0 : 1, IORING_ENTER_GETEVENTS);
            if (r < 0) {
                err = FastSyscall.errno();
            }
        } finally {
            synchronized (lock) {
                sq.endWait();
            }
        }
        int available = ring.cqReady();
        if (r < 0) {
            if (err == Errnos.EINTR) {
                return available > 0 ? available : INTERRUPTED;
            }
            // EAGAIN/EBUSY: io_uring_enter(2) says to reap completions and try again, which is what
            // returning to the poll loop does (what was not submitted stays queued).
            if (!Submissions.isRetryLater(err)) {
                throw Native.exception("io_uring_enter(wait)", ring.fd(), err);
            }
        }
        return available;
    }

    /**
     * A completion found in the ring when a poll begins was made some time before it, with the
     * readiness of that moment (a wakeup's mask, or a snapshot); epoll reports the readiness at the
     * poll. So it is not delivered: its registration gets a new POLL_ADD (after a POLL_REMOVE of a
     * multishot request), submitted by this poll's io_uring_enter, which completes during that call
     * if the fd is still ready - with what is ready now - and the old completion, no longer matching,
     * is dropped. Costs one SQE per such single-shot completion and two per multishot one, no system
     * call. (Found by the model-based test: data, then a FIN before the poll, reported as readable
     * without readClosed; data read before the poll still reported as readable under EDGE.) Under
     * the lock, by the polling thread.
     */
    private void refreshStaleCompletions() throws IOException {
        assert Thread.holdsLock(lock);
        int available = ring.cqReady();
        for (int i = 0; i < available; i++) {
            long userData = ring.cqeUserData(i);
            if (!UserData.isPoll(userData) || ring.cqeRes(i) <= 0) {
                continue;
            }
            IoUringRegistration r = requests.armedBy(userData);
            if (r != null) {
                if ((ring.cqeFlags(i) & IORING_CQE_F_MORE) != 0) {
                    requests.disarm(r);
                } else {
                    r.armed = 0;
                }
                requests.arm(r, r.interest());
            }
        }
    }

    /**
     * Re-arms the LEVEL registrations the last poll delivered. After {@link #refreshStaleCompletions}:
     * the completions left in the ring for want of room get their new requests first, so they are
     * delivered before the ones delivered last time come round again (smallBufferDeliversTheRestOnNextPolls).
     */
    private void rearmDeliveredLevel() throws IOException {
        assert Thread.holdsLock(lock);
        for (int i = 0; i < levelRearmCount; i++) {
            IoUringRegistration r = levelRearms[i];
            levelRearms[i] = null;
            if (r.armed == 0 && r.isValid() && requests.isCurrent(r)) {
                requests.arm(r, r.interest());
            }
        }
        levelRearmCount = 0;
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        int available = ring.cqReady();
        int consumed = 0;
        for (; consumed < available; consumed++) {
            long userData = ring.cqeUserData(consumed);
            int res = ring.cqeRes(consumed);
            boolean more = (ring.cqeFlags(consumed) & IORING_CQE_F_MORE) != 0;
            if (userData == UserData.WAKEUP) {
                if (!more) {
                    wakeupReceived();
                    armWakeup();
                }
                continue;
            }
            if (UserData.isRemoval(userData)) {
                if (res == -Errnos.EALREADY) {
                    requests.retryRemove(userData);
                }
                continue; // a POLL_REMOVE's own completion
            }
            IoUringRegistration r = UserData.isPoll(userData) ? requests.armedBy(userData) : null;
            if (r == null) {
                continue; // a request since removed or replaced, or of a cancelled registration
            }
            int ops = res > 0 ? IoUringReadiness.readyOps(res & r.armedEvents) : 0;
            if (ops != 0) {
                if (!deliver(r, ops)) {
                    break; // no room: this completion and the rest wait in the ring for the next poll
                }
            } else if (res < 0 && -res != Errnos.ECANCELED && -res != Errnos.EBADF) {
                if (!deliver(r, ReadyEvents.ERROR)) {
                    break;
                }
                LOG.log(System.Logger.Level.DEBUG, "IO_URING: POLL_ADD of fd " + r.fd() + " failed with "
                        + Native.errnoName(-res));
            }
            if (!more) {
                r.armed = 0;
                rearmAfterCompletion(r, ops != 0 ? res : Math.min(res, 0));
            }
        }
        ring.cqAdvance(consumed);
    }

    /**
     * A registration's request ended. ONESHOT stays disarmed after an event. LEVEL is re-armed after
     * every completion; EDGE's multishot request is re-armed when the kernel ended it. A request the
     * kernel cancelled on its own (ECANCELED) or that reported nothing fdmux reports (res 0 here,
     * also for a mask without an asked-for bit) is re-armed in every mode; one that failed (EBADF: the
     * fd was closed) stays disarmed.
     */
    private void rearmAfterCompletion(IoUringRegistration r, int res) throws IOException {
        assert Thread.holdsLock(lock);
        if (res > 0 && r.mode() == Mode.LEVEL) {
            if (levelRearmCount == levelRearms.length) {
                levelRearms = Arrays.copyOf(levelRearms, levelRearms.length * 2);
            }
            levelRearms[levelRearmCount++] = r;
            return;
        }
        boolean again;
        if (res > 0) {
            again = !r.mode().isOneshot();
        } else {
            again = res == 0 || -res == Errnos.ECANCELED;
        }
        if (again) {
            requests.arm(r, r.interest());
        }
    }

    /** @return the ring fd, for tests */
    int ringFd() {
        return ring.fd();
    }

    /** @return the ring, for tests */
    IoUringRing ring() {
        return ring;
    }

    /** @return whether the polling thread is in (or on its way into) io_uring_enter, for tests */
    boolean isWaiting() {
        synchronized (lock) {
            return sq.isWaiting();
        }
    }
}
