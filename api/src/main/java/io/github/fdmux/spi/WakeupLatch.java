package io.github.fdmux.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakeup coalescing and close signalling. A signal is written to the backend's wakeup (fd or kernel
 * event) only when none is pending, so the fd never fills up; a wakeup asked for by the user makes
 * the poll return, one asked for internally (to apply a queued change) only makes it loop. Close
 * always signals (a pending signal may already have been drained) and then releases the backend's
 * native resources under the same monitor, so no signal is ever written to a released fd.
 *
 * <p>Thread-safe. The monitor of this object guards {@code released} and every write of a signal.
 */
final class WakeupLatch {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");
    private static final VarHandle SIGNALS;

    static {
        try {
            SIGNALS = MethodHandles.lookup().findVarHandle(WakeupLatch.class, "signals", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Writes one signal; never called after {@link #release}. */
    @FunctionalInterface
    interface Signal {
        void write() throws IOException;
    }

    /** Releases the backend's native resources. */
    @FunctionalInterface
    interface Release {
        void run() throws IOException;
    }

    private final Signal signal;
    /** A signal is written and not yet drained. */
    private final AtomicBoolean pending = new AtomicBoolean();
    /** The user asked for a wakeup; internal wakeups (to apply a change) do not make poll return. */
    private final AtomicBoolean requested = new AtomicBoolean();
    private boolean released; // guarded by this (asserted)
    /** Signals written: under this monitor; read by any thread. */
    @SuppressWarnings("unused")
    private long signals;

    WakeupLatch(Signal signal) {
        this.signal = signal;
    }

    /** The user's wakeup: the poll in progress (or the next one) returns. */
    void request() {
        requested.set(true);
        signal();
    }

    /** Makes a poll in progress loop (to apply a change); coalesced with a pending signal. */
    void signal() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            try {
                write();
            } catch (IOException e) {
                pending.set(false);
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Signals even if one is pending (it may already have been drained); failures are only logged. */
    void signalForClose() {
        synchronized (this) {
            try {
                write();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "wakeup during close failed", e);
            }
        }
    }

    private void write() throws IOException {
        assert Thread.holdsLock(this);
        if (released) {
            return;
        }
        signal.write();
        SIGNALS.setRelease(this, (long) SIGNALS.get(this) + 1);
    }

    /**
     * The backend drained its wakeup: the next signal is written again.
     *
     * @return whether a user's wakeup was among those drained
     */
    boolean received() {
        pending.set(false);
        return requested.getAndSet(false);
    }

    /** Runs the release of native resources; no signal is written from then on. */
    void release(Release release) throws IOException {
        synchronized (this) {
            released = true;
            release.run();
        }
    }

    /** Returns once a {@link #release} in progress in another thread is done. */
    void awaitRelease() {
        synchronized (this) {
            assert Thread.holdsLock(this);
        }
    }

    /** {@return the number of signals written} */
    long signals() {
        return (long) SIGNALS.getAcquire(this);
    }
}
