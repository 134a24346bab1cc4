package io.github.fdmux.spi;

import java.util.Arrays;

/**
 * The registrations one poll collected for a second pass, in the order collected, each once. A
 * backend keeps two fields on its registration: the {@link #stamp()} of the poll that last
 * collected it (so "already in this poll" is one comparison, with no set to clear) and whatever it
 * merges across that poll's reports. This class keeps the list: it grows, never shrinks, so a
 * steady-state poll allocates nothing, and {@link #take} forgets each entry, so no reference
 * outlives the poll. Used by one thread at a time (the polling thread, or under the poller's lock).
 *
 * @param <R> the backend's registration type
 */
public final class PollScratch<R> {
    private Object[] items;
    private int size;
    private long stamp;

    /** @param initialCapacity how many registrations fit before the list first grows; at least 1 */
    public PollScratch(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be at least 1: " + initialCapacity);
        }
        items = new Object[initialCapacity];
    }

    /** A new poll's collection starts: the stamp moves on and the list is empty. */
    public void start() {
        stamp++;
        size = 0;
    }

    /**
     * @return the current poll's stamp: a registration whose stored stamp equals it has been
     *     {@linkplain #add added} in this poll (a registration starts with a stamp of -1)
     */
    public long stamp() {
        return stamp;
    }

    /**
     * Appends a registration that is not yet in this poll (the caller has compared and then set its
     * stamp).
     *
     * @param r the registration
     */
    public void add(R r) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = r;
    }

    /** @return how many registrations this poll collected */
    public int size() {
        return size;
    }

    /**
     * Returns the {@code i}th registration and forgets it.
     *
     * @param i 0 to {@link #size()} - 1
     * @return the registration
     */
    @SuppressWarnings("unchecked")
    public R take(int i) {
        R r = (R) items[i];
        items[i] = null;
        return r;
    }

    /** Forgets every registration of the current poll. */
    public void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }
}
