package io.github.fdmux.poll;

import java.util.Arrays;

/**
 * Registrations whose pollfd entry is to be brought up to date by the polling thread, because a
 * poll(2) was reading the array when they changed. A registration is queued once however often it
 * changes; its entry is made to match its state when the queue is applied.
 *
 * <p>Used only under the poller's lock (asserted).
 */
final class PendingChanges {
    private final Object lock;
    private PollRegistration[] queue = new PollRegistration[16];
    private int queued;
    /** How many changes went through the queue. */
    private long total;

    PendingChanges(Object lock) {
        this.lock = lock;
    }

    void add(PollRegistration r) {
        assert Thread.holdsLock(lock);
        if (!r.queued) {
            if (queued == queue.length) {
                queue = Arrays.copyOf(queue, queued * 2);
            }
            queue[queued++] = r;
            r.queued = true;
        }
        total++;
    }

    /** Brings every queued entry up to date; if one fails, it and the rest stay queued. */
    void applyTo(PollfdArray array) {
        assert Thread.holdsLock(lock);
        while (queued > 0) {
            PollRegistration r = queue[--queued];
            queue[queued] = null;
            r.queued = false;
            try {
                array.sync(r);
            } catch (RuntimeException | Error e) {
                queue[queued++] = r;
                r.queued = true;
                throw e;
            }
        }
    }

    /** @return how many changes went through the queue */
    long total() {
        assert Thread.holdsLock(lock);
        return total;
    }
}
