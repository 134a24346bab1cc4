package io.github.fdmux.spi;

import java.util.Arrays;

/**
 * Slots for registrations, addressed by a 64-bit token (generation in the high half, slot in the
 * low half) that the kernel carries back in epoll_data / udata. A slot's generation changes every
 * time it is freed, so a token of a cancelled registration never finds its successor: that is how
 * an event the kernel had already queued for a cancelled (or closed and reused) fd is dropped.
 *
 * <p>Not thread-safe: the poller guards it with its lock.
 */
final class RegistrationTable<R extends AbstractRegistration> {
    private AbstractRegistration[] slots = new AbstractRegistration[16];
    private int[] generations = new int[16];
    private int[] free = new int[16];
    private int freeCount;
    private int used;
    private int size;

    void add(R r) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                int n = slots.length * 2;
                slots = Arrays.copyOf(slots, n);
                generations = Arrays.copyOf(generations, n);
                free = Arrays.copyOf(free, n);
            }
            slot = used++;
        }
        slots[slot] = r;
        r.slot = slot;
        r.token = ((long) generations[slot] << 32) | (slot & 0xffffffffL);
        size++;
    }

    void remove(R r) {
        int slot = r.slot;
        if (slot < 0 || slots[slot] != r) {
            return;
        }
        slots[slot] = null;
        generations[slot]++;
        free[freeCount++] = slot;
        r.slot = -1;
        size--;
    }

    @SuppressWarnings("unchecked")
    R lookup(long token) {
        int slot = (int) token;
        if (slot < 0 || slot >= used) {
            return null;
        }
        AbstractRegistration r = slots[slot];
        return r != null && r.token == token ? (R) r : null;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    void forEach(java.util.function.Consumer<R> action) {
        for (int i = 0; i < used; i++) {
            if (slots[i] != null) {
                action.accept((R) slots[i]);
            }
        }
    }

    void clear() {
        for (int i = 0; i < used; i++) {
            if (slots[i] != null) {
                slots[i].slot = -1;
                slots[i] = null;
            }
        }
        size = 0;
    }
}
