package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers of one event loop's connections. A connection takes its two buffers when it
 * has something to read or write and gives them back when both are empty again, so an idle
 * connection holds none. Keeps up to {@code keep} returned buffers for reuse: in the steady state
 * taking and giving allocate nothing.
 *
 * <p>New buffers come out of a server-wide byte budget (7/8 of the JVM's maximum heap, which is
 * also the JDK's default direct memory limit). Past it, {@link #take()} fails at once: the JDK's own
 * limit would also fail, but only after a System.gc() and up to half a second of back-off sleeps,
 * during which the event loop, and every connection on it, would stand still.
 *
 * <p>Thread-safe (with workers, turns run on several threads); a monitor, not a concurrent queue,
 * because a concurrent queue allocates a node per offer.
 */
final class BufferPool {
    private final int size;
    private final int keep;
    private final AtomicLong budget;
    private final ArrayDeque<ByteBuffer> free;

    /**
     * @param size bytes per buffer
     * @param keep how many returned buffers to keep for reuse
     * @param budget bytes that new buffers may still take, shared by the server's pools
     */
    BufferPool(int size, int keep, AtomicLong budget) {
        this.size = size;
        this.keep = keep;
        this.budget = budget;
        this.free = new ArrayDeque<>(keep);
    }

    /** @return the budget for a server's buffers: 7/8 of the maximum heap (the default direct memory limit) */
    static AtomicLong defaultBudget() {
        return new AtomicLong(Runtime.getRuntime().maxMemory() / 8 * 7);
    }

    /**
     * @return a cleared buffer of the pool's size
     * @throws OutOfMemoryError if none is free and the budget, or the JDK's direct memory limit, forbids another
     */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (this) {
            b = free.poll();
        }
        if (b != null) {
            return b;
        }
        if (budget.addAndGet(-size) < 0) {
            budget.addAndGet(size);
            throw new OutOfMemoryError("the server's buffers would exceed their budget (7/8 of -Xmx, the default"
                    + " direct memory limit)");
        }
        try {
            return ByteBuffer.allocateDirect(size);
        } catch (OutOfMemoryError e) {
            budget.addAndGet(size);
            throw e;
        }
    }

    /** @param b a buffer from {@link #take()}, no longer used by its taker */
    void give(ByteBuffer b) {
        b.clear();
        synchronized (this) {
            if (free.size() < keep) {
                free.push(b);
                return;
            }
        }
        budget.addAndGet(size); // dropped: the garbage collector frees it
    }

    /** @return buffers kept for reuse */
    synchronized int free() {
        return free.size();
    }
}
