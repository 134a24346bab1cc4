package io.github.fdmux.iouring;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * The SQ side of an {@link IoUringPoller}: queues its requests in the SQ ring, making room first
 * when the ring is full, and submits them. A request travels with the polling thread's next
 * io_uring_enter, which submits and waits in one call - unless that thread is already waiting in the
 * kernel ({@link #beginWait} to {@link #endWait}), when {@link #submitIfWaiting} submits it at once,
 * so a change made from another thread is in force when its call returns, as with epoll_ctl.
 *
 * <p>Every method runs under the poller's lock, which the SQ ring needs (asserted).
 */
final class Submissions {
    private static final int ENOMEM_RETRIES = 3;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final IoUringRing ring;
    private final Object lock;
    /** The struct __kernel_timespec of a timed wait's IORING_OP_TIMEOUT. */
    private final Pointer timespec;
    private final long timespecAddress;
    /** The polling thread is in (or on its way into) io_uring_enter. */
    private boolean waiting;

    Submissions(IoUringRing ring, Object lock, NativeBuffer timespec) {
        this.ring = ring;
        this.lock = lock;
        this.timespec = timespec.pointer();
        this.timespecAddress = timespec.pointer().address();
    }

    /** Queues an IORING_OP_POLL_ADD of {@code fd}. */
    void pollAdd(int fd, int events, int flags, long userData) throws IOException {
        ensureSpace();
        ring.pollAdd(fd, events, flags, userData);
    }

    /** Queues an IORING_OP_POLL_REMOVE of the request {@code target}, its own completion carrying {@code userData}. */
    void pollRemove(long target, long userData) throws IOException {
        ensureSpace();
        ring.pollRemove(target, userData);
    }

    /**
     * Queues an IORING_OP_TIMEOUT of {@code nanos} with a count of 1 (liburing's way before
     * IORING_ENTER_EXT_ARG): it ends the wait when the time has passed, and completes by itself with
     * the first other completion, so it never outlives the wait it belongs to (except after EINTR,
     * until the next completion).
     */
    void timeout(long nanos) throws IOException {
        ensureSpace();
        timespec.putLong(IoUringLayout.TIMESPEC_SEC, nanos / 1_000_000_000L);
        timespec.putLong(IoUringLayout.TIMESPEC_NSEC, nanos % 1_000_000_000L);
        ring.timeout(timespecAddress, 1, UserData.TIMEOUT);
    }

    /** Submits what is queued if the polling thread waits in the kernel (else its next poll will). */
    void submitIfWaiting() throws IOException {
        assert Thread.holdsLock(lock);
        if (waiting) {
            submitNow();
        }
    }

    /**
     * The polling thread is about to enter the kernel: from now on a change is submitted by the thread
     * that makes it.
     * @return how many queued requests the polling thread's io_uring_enter is to submit
     */
    int beginWait() {
        assert Thread.holdsLock(lock);
        waiting = true;
        return ring.sqPending();
    }

    /** The polling thread's io_uring_enter returned. */
    void endWait() {
        assert Thread.holdsLock(lock);
        waiting = false;
    }

    /** @return whether the polling thread is in (or on its way into) io_uring_enter */
    boolean isWaiting() {
        assert Thread.holdsLock(lock);
        return waiting;
    }

    private void ensureSpace() throws IOException {
        assert Thread.holdsLock(lock);
        for (int i = 0; !ring.sqHasSpace(); i++) {
            if (i == ENOMEM_RETRIES) {
                throw new NativeCallException("io_uring_enter", ring.fd(), Errnos.EAGAIN, "EAGAIN",
                        "the SQ ring stays full", "the kernel did not take queued requests; try again later");
            }
            submitNow();
        }
    }

    /** io_uring_enter without waiting: submits what is queued. */
    void submitNow() throws IOException {
        assert Thread.holdsLock(lock);
        while (true) {
            int pending = ring.sqPending();
            if (pending == 0) {
                return;
            }
            if (ring.enter(pending, 0, 0) >= 0) {
                continue; // the kernel may have taken fewer: submit the rest
            }
            int err = FastSyscall.errno();
            if (err == Errnos.EINTR) {
                continue;
            }
            if (isRetryLater(err)) {
                // io_uring_enter(2): the kernel is short of resources or completions must be reaped first.
                // What stays queued goes with the polling thread's next io_uring_enter.
                LOG.log(System.Logger.Level.DEBUG, "IO_URING: io_uring_enter(submit) answered "
                        + Native.errnoName(err) + "; the requests stay queued for the next poll");
                return;
            }
            throw Native.exception("io_uring_enter(submit " + pending + ")", ring.fd(), err);
        }
    }

    /** @return whether {@code err}, an io_uring_enter errno, asks to reap completions and try again (EAGAIN, EBUSY) */
    static boolean isRetryLater(int err) {
        return err == Errnos.EAGAIN || err == Errnos.EBUSY;
    }
}
