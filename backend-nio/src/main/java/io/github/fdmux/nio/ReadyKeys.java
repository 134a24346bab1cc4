package io.github.fdmux.nio;

import io.github.fdmux.spi.PollScratch;

/**
 * The registrations one select reported ready, in order, each once with the union of its ready ops.
 * The union matters off Linux: KQueueSelectorImpl (macOS) runs the select action once per kevent, and
 * a channel with read and write interest has two filters; WindowsSelectorImpl runs it once per fd set
 * (read, write, except). Either way one key can reach the action several times in one select, each
 * time with only that part's ops (the action variant replaces the ready set, it does not merge).
 * The list is a {@link PollScratch}: a steady-state select allocates nothing. Polling thread only.
 */
final class ReadyKeys {
    private final PollScratch<NioRegistration> regs = new PollScratch<>(64);

    /** Starts a new select's collection. */
    void start() {
        regs.start();
    }

    /** @return the number of the current select: a registration with this {@code readySeq} is in it */
    long seq() {
        return regs.stamp();
    }

    /**
     * @param r a registration the select reported
     * @param readyOps the key's ready ops at that report
     */
    void add(NioRegistration r, int readyOps) {
        if (r.readySeq == regs.stamp()) {
            r.readyOps |= readyOps;
            return;
        }
        r.readySeq = regs.stamp();
        r.readyOps = readyOps;
        regs.add(r);
    }

    /** @return how many distinct registrations the select reported */
    int size() {
        return regs.size();
    }

    /**
     * Returns the {@code i}th registration and forgets it, so that no reference outlives the poll.
     *
     * @param i 0 to {@link #size()} - 1
     * @return the registration
     */
    NioRegistration take(int i) {
        return regs.take(i);
    }

    /** Forgets every registration of the current select. */
    void clear() {
        regs.clear();
    }
}
