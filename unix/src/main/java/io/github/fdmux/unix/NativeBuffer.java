package io.github.fdmux.unix;

import com.kenai.jffi.MemoryIO;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;

/**
 * Native memory that is freed when the owner says so, not when the garbage collector gets round to
 * it: {@link io.github.fdmux.Poller#close()} must release everything. Counts live allocations so
 * tests can prove nothing leaks.
 *
 * <p>Not thread-safe: one owner; {@link #free()} only when no native call uses the memory.
 */
public final class NativeBuffer implements AutoCloseable {
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_BUFFERS = new AtomicLong();

    private final long address;
    private final long size;
    private final Pointer pointer;
    private boolean freed;

    private NativeBuffer(long address, long size) {
        this.address = address;
        this.size = size;
        this.pointer = Pointer.wrap(Native.runtime(), address, size);
    }

    /**
     * Allocates zeroed native memory.
     *
     * @param size bytes, 1 or more
     * @return the buffer
     * @throws OutOfMemoryError if the allocation fails
     */
    public static NativeBuffer allocate(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        long address = MemoryIO.getInstance().allocateMemory(size, true);
        if (address == 0) {
            throw new OutOfMemoryError("could not allocate " + size + " bytes of native memory");
        }
        LIVE_BYTES.addAndGet(size);
        LIVE_BUFFERS.incrementAndGet();
        return new NativeBuffer(address, size);
    }

    /** @return a JNR pointer to the memory */
    public Pointer pointer() {
        return pointer;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    /** Frees the memory. Idempotent. */
    public void free() {
        if (!freed) {
            freed = true;
            MemoryIO.getInstance().freeMemory(address);
            LIVE_BYTES.addAndGet(-size);
            LIVE_BUFFERS.decrementAndGet();
        }
    }

    @Override
    public void close() {
        free();
    }

    /** @return bytes allocated through this class and not yet freed, process-wide */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** @return buffers allocated through this class and not yet freed, process-wide */
    public static long liveBuffers() {
        return LIVE_BUFFERS.get();
    }
}
