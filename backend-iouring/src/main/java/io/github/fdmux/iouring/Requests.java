package io.github.fdmux.iouring;

import static io.github.fdmux.iouring.IoUringConstants.IORING_POLL_ADD_MULTI;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import java.io.IOException;
import java.util.Arrays;

/**
 * Which request in the ring stands for which registration of an {@link IoUringPoller}: the
 * registrations by slot (the low half of their token), and the POLL_ADD and POLL_REMOVE requests that
 * arm and disarm them. A POLL_ADD's user_data ({@link UserData}) is remembered in
 * {@link IoUringRegistration#armed}; a completion that does not match it - of a request since removed
 * or replaced, or of a registration cancelled and its slot reused - is dropped ({@link #armedBy}).
 *
 * <p>Every method runs under the poller's lock (asserted), as do all reads and writes of the
 * registrations' {@code armed} and {@code armedEvents}.
 */
final class Requests {
    private final Submissions sq;
    private final Object lock;
    /** Counts one kernel interest change in the poller's stats. */
    private final Runnable countChange;
    private IoUringRegistration[] bySlot = new IoUringRegistration[64];
    private int armSequence;

    Requests(Submissions sq, Object lock, Runnable countChange) {
        this.sq = sq;
        this.lock = lock;
        this.countChange = countChange;
    }

    /** Gives {@code r} its slot (not yet armed). */
    void add(IoUringRegistration r) {
        assert Thread.holdsLock(lock);
        int slot = (int) r.token();
        if (slot >= bySlot.length) {
            bySlot = Arrays.copyOf(bySlot, Math.max(slot + 1, bySlot.length * 2));
        }
        bySlot[slot] = r;
    }

    /** Frees {@code r}'s slot if it still holds it; its request, if any, is left to {@link #disarm}. */
    void remove(IoUringRegistration r) {
        if (isCurrent(r)) {
            bySlot[(int) r.token()] = null;
        }
    }

    /** {@return whether {@code r} holds its slot (it was not cancelled)} */
    boolean isCurrent(IoUringRegistration r) {
        assert Thread.holdsLock(lock);
        int slot = (int) r.token();
        return slot >= 0 && slot < bySlot.length && bySlot[slot] == r;
    }

    /** {@return the registration whose current request {@code userData} (a POLL_ADD's) is, or null} */
    IoUringRegistration armedBy(long userData) {
        assert Thread.holdsLock(lock);
        int slot = UserData.slot(userData);
        IoUringRegistration r = slot >= 0 && slot < bySlot.length ? bySlot[slot] : null;
        return r != null && r.armed == userData ? r : null;
    }

    /** Queues a POLL_ADD for {@code r}: single-shot, or multishot (IORING_POLL_ADD_MULTI) for EDGE. */
    void arm(IoUringRegistration r, Interest interest) throws IOException {
        assert Thread.holdsLock(lock);
        long userData = UserData.poll(++armSequence, (int) r.token());
        int flags = r.mode() == Mode.EDGE ? IORING_POLL_ADD_MULTI : 0;
        int events = IoUringReadiness.interestBits(interest);
        sq.pollAdd(r.fd(), events, flags, userData);
        r.armed = userData;
        r.armedEvents = events;
        countChange.run();
    }

    /**
     * Queues a POLL_REMOVE of {@code r}'s request if it has one; its completion and the removal's are
     * dropped.
     * @return whether there was a request to remove
     */
    boolean disarm(IoUringRegistration r) throws IOException {
        assert Thread.holdsLock(lock);
        if (r.armed == 0) {
            return false;
        }
        sq.pollRemove(r.armed, UserData.removalOf(r.armed));
        r.armed = 0;
        countChange.run();
        return true;
    }

    /**
     * A POLL_REMOVE answered -EALREADY: it found its target while the target was owned by the task
     * work of a wakeup (io_uring/poll.c, io_poll_remove() -> io_poll_disarm(): "if
     * (!io_poll_get_ownership(req)) return -EALREADY;"), and left it armed. A single-shot request may
     * re-arm itself after such a wakeup, a multishot one (EDGE) always does: it would stay in the
     * ring for good, its completions dropped, holding a reference to the file - whose close then
     * never reaches the peer (found by soak --attacks fin-with-data). So the removal is queued again,
     * for the next io_uring_enter; by then the task work has run and released the request, and the
     * removal succeeds, or answers -ENOENT if the request ended meanwhile.
     */
    void retryRemove(long removal) throws IOException {
        assert Thread.holdsLock(lock);
        sq.pollRemove(UserData.targetOf(removal), removal);
        countChange.run();
    }
}
