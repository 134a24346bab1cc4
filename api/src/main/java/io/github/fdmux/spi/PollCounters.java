package io.github.fdmux.spi;

import io.github.fdmux.PollerStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters behind {@link io.github.fdmux.Poller#stats()}. Each counter has one writer at a time
 * (polls and events: the polling thread, which holds the poll lock; changes: whoever holds the
 * poller's lock), which stores with release semantics; {@link #snapshot} may run in any thread and
 * reads with acquire semantics, so a 64-bit count is never torn and a reader sees every count up to
 * the last store it observed, without a lock and without a fence on the polling thread's path. Also
 * whether the polling thread is in its kernel wait (a test hook, {@link AbstractPoller#isWaitingInKernel()}).
 */
final class PollCounters {
    private static final VarHandle POLLS;
    private static final VarHandle EVENTS;
    private static final VarHandle CHANGES;
    private static final VarHandle WAITING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            POLLS = l.findVarHandle(PollCounters.class, "polls", long.class);
            EVENTS = l.findVarHandle(PollCounters.class, "events", long.class);
            CHANGES = l.findVarHandle(PollCounters.class, "changes", long.class);
            WAITING = l.findVarHandle(PollCounters.class, "waiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long polls;
    @SuppressWarnings("unused")
    private long events;
    @SuppressWarnings("unused")
    private long changes;
    @SuppressWarnings("unused")
    private boolean waiting;

    /** The polling thread enters ({@code true}) or left the kernel wait. Polling thread only. */
    void waiting(boolean inWait) {
        WAITING.setOpaque(this, inWait);
    }

    /** {@return whether the polling thread is in, or about to enter, the kernel wait} Any thread. */
    boolean isWaiting() {
        return (boolean) WAITING.getOpaque(this);
    }

    /** One kernel wait returned. Polling thread only. */
    void polled() {
        POLLS.setRelease(this, (long) POLLS.get(this) + 1);
    }

    /** A poll returned {@code n} events. Polling thread only. */
    void delivered(int n) {
        EVENTS.setRelease(this, (long) EVENTS.get(this) + n);
    }

    /** One interest change went to the kernel. Under the poller's lock. */
    void changed() {
        CHANGES.setRelease(this, (long) CHANGES.get(this) + 1);
    }

    /** {@return the counts now, with {@code wakeups} signals written} */
    PollerStats snapshot(long wakeups) {
        return new PollerStats((long) POLLS.getAcquire(this), (long) EVENTS.getAcquire(this),
                (long) CHANGES.getAcquire(this), wakeups);
    }
}
