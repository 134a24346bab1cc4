package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.ClosedPollerException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A poller's open/closed state and its poll lock. The polling thread holds the poll lock for the
 * whole of a poll; close takes it to wait until no poll is inside the kernel before native memory is
 * released; a second close waits for the first one to finish, so "after close" holds for both.
 *
 * <p>Thread-safe.
 */
final class Lifecycle {
    private final Backend backend;
    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    Lifecycle(Backend backend) {
        this.backend = backend;
    }

    /** Throws {@link ClosedPollerException} naming {@code what} if the poller is closed. */
    void ensureOpen(String what) {
        if (closed) {
            throw new ClosedPollerException(what + "() on a closed " + backend + " poller");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Takes the poll lock for the calling thread, or says why it cannot poll; pair with {@link #exitPoll()}. */
    void enterPoll() {
        if (!pollLock.tryLock()) {
            ensureOpen("poll");
            throw new IllegalStateException("another thread is already polling this " + backend + " poller");
        }
        if (pollLock.getHoldCount() > 1) {
            pollLock.unlock();
            throw new IllegalStateException("poll() called from inside poll()");
        }
        try {
            ensureOpen("poll");
        } catch (RuntimeException e) {
            pollLock.unlock();
            throw e;
        }
    }

    void exitPoll() {
        pollLock.unlock();
    }

    /** {@return true if the caller is the thread inside poll} */
    boolean inPollingThread() {
        return pollLock.isHeldByCurrentThread();
    }

    /** {@return true if another thread is inside poll} */
    boolean otherThreadPolls() {
        return pollLock.isLocked() && !pollLock.isHeldByCurrentThread();
    }

    /** Releases native resources; may throw. */
    @FunctionalInterface
    interface Release {
        void run() throws IOException;
    }

    /**
     * Closes once: marks the poller closed, {@code signal}s a blocked poll to return, waits until no
     * poll is in progress and runs {@code release}. A concurrent or later close waits until the poll
     * lock is free and then {@code awaitRelease}s the first closer's release.
     */
    void close(Runnable signal, Release release, Runnable awaitRelease) throws IOException {
        if (!closing.compareAndSet(false, true)) {
            pollLock.lock();
            pollLock.unlock();
            awaitRelease.run();
            return;
        }
        closed = true;
        signal.run();
        pollLock.lock();
        try {
            release.run();
        } finally {
            pollLock.unlock();
        }
    }
}
