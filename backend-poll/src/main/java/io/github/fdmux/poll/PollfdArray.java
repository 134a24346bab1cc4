package io.github.fdmux.poll;

import io.github.fdmux.unix.NativeBuffer;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * The {@code struct pollfd} array poll(2) reads, in native memory, with the index maps that make
 * adding and removing an entry O(1): entry {@code i} belongs to {@code owners[i]}, whose
 * {@link PollRegistration#index} is {@code i}. Removal moves the last entry into the hole (fd,
 * events and revents, so a decode that follows still sees what the kernel said about it). Entry 0
 * is the wakeup fd and never moves.
 *
 * <p>The memory grows by doubling and shrinks by half when a quarter or less is used (never below
 * {@link #MIN_CAPACITY} entries); either means a new buffer, so no method may be called while a
 * poll(2) reads the array. Not thread-safe: the poller calls it under its lock, only when no poll
 * is in the kernel.
 */
final class PollfdArray {
    /** The smallest capacity, in entries. */
    static final int MIN_CAPACITY = 64;

    private final PollPlatform layout;
    private NativeBuffer buffer;
    private Pointer pointer;
    private PollRegistration[] owners;
    private int capacity;
    private int size;

    /**
     * @param layout the pollfd layout
     * @param wakeupFd the fd for entry 0, polled for POLLIN
     */
    PollfdArray(PollPlatform layout, int wakeupFd) {
        this.layout = layout;
        this.capacity = MIN_CAPACITY;
        this.buffer = NativeBuffer.allocate((long) capacity * layout.size());
        this.pointer = buffer.pointer();
        this.owners = new PollRegistration[capacity];
        layout.put(pointer, 0, wakeupFd, layout.pollIn());
        this.size = 1;
    }

    /**
     * Makes {@code r}'s entry what {@code r} says it should be: removed if it is cancelled, else added
     * or updated with its entry fd and events.
     *
     * @param r a registration of this array's poller
     */
    void sync(PollRegistration r) {
        if (!r.isValid()) {
            if (r.index >= 0) {
                remove(r);
            }
        } else if (r.index < 0) {
            add(r, r.entryFd(), r.events);
        } else {
            update(r, r.entryFd(), r.events);
        }
    }

    /** @return the array, valid until the next add or remove */
    Pointer pointer() {
        return pointer;
    }

    /** @return entries in use, the wakeup included */
    int size() {
        return size;
    }

    /** @return entries the memory holds */
    int capacity() {
        return capacity;
    }

    /**
     * @param index an entry, 1 to {@link #size()} - 1
     * @return its registration
     */
    PollRegistration owner(int index) {
        return owners[index];
    }

    /**
     * @param index an entry
     * @return its revents
     */
    int revents(int index) {
        return layout.revents(pointer, index);
    }

    /**
     * @param index an entry
     * @return its fd (negative while disarmed)
     */
    int fd(int index) {
        return layout.fd(pointer, index);
    }

    /**
     * @param index an entry
     * @return its events
     */
    int events(int index) {
        return layout.events(pointer, index);
    }

    /**
     * Appends an entry for {@code r} and sets its index.
     *
     * @param r a registration without an entry
     * @param fd the entry's fd
     * @param events the entry's events
     */
    void add(PollRegistration r, int fd, int events) {
        if (r.index >= 0) {
            throw new IllegalStateException("fd " + r.fd() + " already has pollfd entry " + r.index);
        }
        if (size == capacity) {
            resize(capacity * 2);
        }
        int i = size++;
        layout.put(pointer, i, fd, events);
        owners[i] = r;
        r.index = i;
    }

    /**
     * Rewrites the entry of {@code r}.
     *
     * @param r a registration with an entry
     * @param fd the fd (negative to disarm)
     * @param events the events
     */
    void update(PollRegistration r, int fd, int events) {
        layout.update(pointer, r.index, fd, events);
    }

    /**
     * Removes the entry of {@code r}, moving the last entry into its place.
     *
     * @param r a registration with an entry
     */
    void remove(PollRegistration r) {
        int hole = r.index;
        if (hole < 1 || hole >= size || owners[hole] != r) {
            throw new IllegalStateException("fd " + r.fd() + " has no pollfd entry (index " + hole + ")");
        }
        int last = size - 1;
        if (hole != last) {
            pointer.transferTo((long) last * layout.size(), pointer, (long) hole * layout.size(), layout.size());
            PollRegistration moved = owners[last];
            owners[hole] = moved;
            moved.index = hole;
        }
        owners[last] = null;
        size = last;
        r.index = -1;
        if (capacity > MIN_CAPACITY && size <= capacity / 4) {
            try {
                resize(Math.max(MIN_CAPACITY, capacity / 2));
            } catch (OutOfMemoryError e) {
                // Shrinking is a nicety; a cancel must not fail for it. Keep the bigger buffer.
            }
        }
    }

    private void resize(int newCapacity) {
        NativeBuffer bigger = NativeBuffer.allocate((long) newCapacity * layout.size());
        Pointer p = bigger.pointer();
        pointer.transferTo(0, p, 0, (long) size * layout.size());
        buffer.free();
        buffer = bigger;
        pointer = p;
        owners = Arrays.copyOf(owners, newCapacity);
        capacity = newCapacity;
    }

    /** Frees the native memory. Idempotent. */
    void free() {
        buffer.free();
        Arrays.fill(owners, null);
    }
}
