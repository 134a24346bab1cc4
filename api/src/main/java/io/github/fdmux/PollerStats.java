package io.github.fdmux;

/**
 * Counters a poller keeps about itself, cheap enough to be always on (plain increments on the
 * polling thread and under locks the operations already take).
 *
 * <p>Immutable snapshot; thread-safe. Values read while another thread polls may lag by the
 * calls in progress.
 *
 * @param polls    completed kernel wait calls (epoll_wait, kevent, poll, select), retries included
 * @param events   ready events delivered to the caller
 * @param changes  interest changes sent to the kernel (epoll_ctl calls, kevent change entries, pollfd
 *                 updates, interestOps updates)
 * @param wakeups  wakeup signals actually written (coalesced wakeups are not counted)
 */
public record PollerStats(long polls, long events, long changes, long wakeups) {

    /** A snapshot with every counter zero. */
    public static final PollerStats ZERO = new PollerStats(0, 0, 0, 0);

    /**
     * {@return the counts between {@code earlier} and this snapshot}
     *
     * @param earlier an earlier snapshot of the same poller
     * @throws NullPointerException if {@code earlier} is null
     */
    public PollerStats minus(PollerStats earlier) {
        return new PollerStats(polls - earlier.polls, events - earlier.events, changes - earlier.changes,
                wakeups - earlier.wakeups);
    }

    /**
     * {@return the counter-wise sum}
     *
     * @param other another snapshot
     * @throws NullPointerException if {@code other} is null
     */
    public PollerStats plus(PollerStats other) {
        return new PollerStats(polls + other.polls, events + other.events, changes + other.changes,
                wakeups + other.wakeups);
    }
}
