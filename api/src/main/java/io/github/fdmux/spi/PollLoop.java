package io.github.fdmux.spi;

import io.github.fdmux.ReadyEvents;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link AbstractPoller#poll}: the loop around the backend's kernel wait. Applies queued changes,
 * bounds the wait by the earliest emulated timer, retries EINTR and internal wakeups with the
 * remaining time, decodes under the poller's lock, collects emulated sources, and returns at the
 * first events, at the user's wakeup, at the timeout, or (with nothing) when the poller was closed.
 *
 * <p>Polling thread only (the poll lock is held).
 */
final class PollLoop {
    private final AbstractPoller<?> poller;
    private final Lifecycle lifecycle;
    private final EventBatch batch;
    private final Sources sources;
    private final PollCounters counters;

    PollLoop(AbstractPoller<?> poller, Lifecycle lifecycle, EventBatch batch, Sources sources, PollCounters counters) {
        this.poller = poller;
        this.lifecycle = lifecycle;
        this.batch = batch;
        this.sources = sources;
        this.counters = counters;
    }

    int poll(ReadyEvents events, long timeout, TimeUnit unit) throws IOException {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(unit, "unit");
        if (timeout < -1) {
            throw new IllegalArgumentException("timeout must be -1 (forever), 0 (no wait) or positive, was " + timeout);
        }
        lifecycle.enterPoll();
        try {
            return loop(events, timeout < 0 ? -1 : unit.toNanos(timeout));
        } finally {
            batch.end();
            lifecycle.exitPoll();
        }
    }

    private int loop(ReadyEvents events, long timeoutNanos) throws IOException {
        batch.start(events);
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long remaining = timeoutNanos;
        while (true) {
            batch.nextWait();
            poller.beforeWait();
            int raw;
            counters.waiting(true);
            try {
                raw = poller.implWait(events.capacity(), sources.bound(remaining));
            } finally {
                counters.waiting(false);
            }
            counters.polled();
            boolean emulated = sources.mayHaveEvents();
            if ((raw > 0 || emulated) && !lifecycle.isClosed()) {
                synchronized (poller.lock) {
                    if (raw > 0) {
                        poller.implDecode(raw);
                        sources.afterDecode();
                    }
                    if (emulated) {
                        sources.collect();
                    }
                }
            }
            // close() sets closed before its wakeup, so a drain that ate it (with POLL's own) is seen here.
            if (lifecycle.isClosed()) {
                batch.discard();
                return 0;
            }
            int n = events.size();
            if (n > 0 || batch.wasWoken() || timeoutNanos == 0) {
                counters.delivered(n);
                return n;
            }
            if (timeoutNanos > 0) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
        }
    }
}
