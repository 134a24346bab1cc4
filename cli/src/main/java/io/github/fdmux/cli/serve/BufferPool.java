package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct buffers of one event loop's connections. A connection takes its two buffers when it
 * has something to read or write and gives them back when both are empty again, so an idle
 * connection holds none. Keeps up to {@code keep} returned buffers for reuse: in the steady state
 * taking and giving allocate nothing.
 *
 * <p>Thread-safe (with workers, turns run on several threads); a monitor, not a concurrent queue,
 * because a concurrent queue allocates a node per offer.
 */
final class BufferPool {
    private final int size;
    private final int keep;
    private final ArrayDeque<ByteBuffer> free;

    BufferPool(int size, int keep) {
        this.size = size;
        this.keep = keep;
        this.free = new ArrayDeque<>(keep);
    }

    /**
     * @return a cleared buffer of the pool's size
     * @throws OutOfMemoryError if none is free and the direct memory limit forbids another
     */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (this) {
            b = free.poll();
        }
        return b != null ? b : ByteBuffer.allocateDirect(size);
    }

    /** @param b a buffer from {@link #take()}, no longer used by its taker */
    void give(ByteBuffer b) {
        b.clear();
        synchronized (this) {
            if (free.size() < keep) {
                free.push(b);
            }
        }
    }

    /** @return buffers kept for reuse */
    synchronized int free() {
        return free.size();
    }
}
