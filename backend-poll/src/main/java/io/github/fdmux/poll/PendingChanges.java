package io.github.fdmux.poll;

import java.util.Arrays;

/**
 * Registrations whose pollfd entry is to be brought up to date by the polling thread, because a
 * poll(2) was reading the array when they changed. A registration is queued once however often it
 * changes; its entry is made to match its state when the queue is applied.
 *
 * <p>Not thread-safe: the poller's lock guards it.
 */
final class PendingChanges {
    private PollRegistration[] queue = new PollRegistration[16];
    private int queued;
    /** How many changes went through the queue. */
    private long total;

    void add(PollRegistration r) {
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
        return total;
    }
}
