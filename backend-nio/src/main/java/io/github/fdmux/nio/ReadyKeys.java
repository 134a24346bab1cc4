package io.github.fdmux.nio;

import java.util.Arrays;

/**
 * The registrations one select reported ready, in order, each once with the union of its ready ops.
 * The union matters off Linux: KQueueSelectorImpl (macOS) runs the select action once per kevent, and
 * a channel with read and write interest has two filters; WindowsSelectorImpl runs it once per fd set
 * (read, write, except). Either way one key can reach the action several times in one select, each
 * time with only that part's ops (the action variant replaces the ready set, it does not merge).
 * Grows, never shrinks, so a steady-state select allocates nothing. Polling thread only.
 */
final class ReadyKeys {
    private NioRegistration[] regs = new NioRegistration[64];
    private int size;
    private long seq;

    /** Starts a new select's collection. */
    void start() {
        seq++;
        size = 0;
    }

    /** @return the number of the current select: a registration with this {@code readySeq} is in it */
    long seq() {
        return seq;
    }

    /**
     * @param r a registration the select reported
     * @param readyOps the key's ready ops at that report
     */
    void add(NioRegistration r, int readyOps) {
        if (r.readySeq == seq) {
            r.readyOps |= readyOps;
            return;
        }
        if (size == regs.length) {
            regs = Arrays.copyOf(regs, size * 2);
        }
        r.readySeq = seq;
        r.readyOps = readyOps;
        regs[size++] = r;
    }

    /** @return how many distinct registrations the select reported */
    int size() {
        return size;
    }

    /**
     * Returns the {@code i}th registration and forgets it, so that no reference outlives the poll.
     *
     * @param i 0 to {@link #size()} - 1
     * @return the registration
     */
    NioRegistration take(int i) {
        NioRegistration r = regs[i];
        regs[i] = null;
        return r;
    }

    /** Forgets every registration of the current select. */
    void clear() {
        Arrays.fill(regs, 0, size, null);
        size = 0;
    }
}
