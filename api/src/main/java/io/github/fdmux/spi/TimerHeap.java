package io.github.fdmux.spi;

import java.util.Arrays;

/**
 * Emulated timers ordered by deadline: a binary min-heap in which each timer knows its index, so the
 * earliest deadline is read in O(1) (it bounds the poll's wait) and adding, re-scheduling and
 * cancelling cost O(log n), whatever the number of pending timers. Deadlines are
 * {@link System#nanoTime()} values, compared by difference (they may wrap).
 *
 * <p>Not thread-safe: the poller's lock guards it.
 */
final class TimerHeap {
    private SourceRegistration[] heap = new SourceRegistration[16];
    private int size;

    int size() {
        return size;
    }

    /** {@return the timer with the earliest deadline, or null} */
    SourceRegistration first() {
        return size == 0 ? null : heap[0];
    }

    void add(SourceRegistration t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        place(size, t);
        size++;
        up(t.heapIndex);
    }

    /** The first timer's deadline moved later: restores the order. */
    void rescheduledFirst() {
        down(0);
    }

    /** Removes {@code t} if it is in the heap. */
    void remove(SourceRegistration t) {
        int i = t.heapIndex;
        if (i < 0 || i >= size || heap[i] != t) {
            return;
        }
        size--;
        SourceRegistration last = heap[size];
        heap[size] = null;
        t.heapIndex = -1;
        if (i == size) {
            return;
        }
        place(i, last);
        down(i);
        up(last.heapIndex);
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private void up(int i) {
        SourceRegistration t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!earlier(t, heap[parent])) {
                break;
            }
            place(i, heap[parent]);
            i = parent;
        }
        place(i, t);
    }

    private void down(int i) {
        SourceRegistration t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && earlier(heap[right], heap[child])) {
                child = right;
            }
            if (!earlier(heap[child], t)) {
                break;
            }
            place(i, heap[child]);
            i = child;
        }
        place(i, t);
    }

    /** Puts {@code t} at {@code i}, keeping the invariant that each timer knows its index. */
    private void place(int i, SourceRegistration t) {
        heap[i] = t;
        t.heapIndex = i;
    }

    /** Deadlines are nanoTime values: compared by difference, as they may wrap. */
    private static boolean earlier(SourceRegistration a, SourceRegistration b) {
        return a.deadline - b.deadline < 0;
    }
}
