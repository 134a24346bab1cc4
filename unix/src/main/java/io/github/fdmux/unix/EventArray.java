package io.github.fdmux.unix;

import jnr.ffi.Pointer;

/**
 * The native array a kernel wait writes its events into (epoll_event, kevent, ...), grown to the
 * caller's event buffer on demand, so a steady-state wait allocates nothing.
 *
 * <p>Not thread-safe: the polling thread's.
 */
public final class EventArray {
    private final int entrySize;
    private NativeBuffer buffer;
    private int capacity;

    EventArray(int entrySize, int initialEntries) {
        this.entrySize = entrySize;
        this.capacity = initialEntries;
        this.buffer = NativeBuffer.allocate((long) initialEntries * entrySize);
    }

    /**
     * @param entries how many events the wait may write
     * @return the array, with room for at least {@code entries}
     */
    public Pointer ensure(int entries) {
        if (entries > capacity) {
            NativeBuffer bigger = NativeBuffer.allocate((long) entries * entrySize);
            buffer.free();
            buffer = bigger;
            capacity = entries;
        }
        return buffer.pointer();
    }

    /** @return the array as it is (what the last wait wrote) */
    public Pointer pointer() {
        return buffer.pointer();
    }

    /** @return the number of entries it holds */
    public int capacity() {
        return capacity;
    }

    void free() {
        buffer.free();
    }
}
