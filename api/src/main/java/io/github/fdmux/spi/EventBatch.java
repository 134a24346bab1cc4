package io.github.fdmux.spi;

import io.github.fdmux.ReadyEvents;

/**
 * The events of the poll in progress: one event per registration per poll, however many kernel
 * events (kqueue reports read and write as two) a wait brought for it. Polling thread only.
 */
final class EventBatch {
    private final EventsAccess.Writer writer = EventsAccess.writer();
    private ReadyEvents current;
    /** Which wait of which poll; a registration delivered under this stamp is merged into. */
    private long stamp;
    /** The user's wakeup was received during this wait. */
    private boolean woken;

    /** A poll starts filling {@code events}. */
    void start(ReadyEvents events) {
        writer.clear(events);
        current = events;
    }

    /** Another kernel wait of the same poll starts. */
    void nextWait() {
        stamp++;
        woken = false;
    }

    /** The user's wakeup was received: the poll returns even without events. */
    void woken() {
        woken = true;
    }

    boolean wasWoken() {
        return woken;
    }

    /** {@return true if delivered or merged, false if the buffer is full} */
    boolean deliver(AbstractRegistration r, int readyOps) {
        if (r.batchStamp == stamp) {
            writer.merge(current, r.batchIndex, readyOps);
            return true;
        }
        if (current.size() >= current.capacity()) {
            return false;
        }
        r.batchStamp = stamp;
        r.batchIndex = writer.add(current, r, readyOps, 1);
        return true;
    }

    /** {@return true if {@code r} can be delivered in this wait: it already was (merged), or there is room} */
    boolean canTake(AbstractRegistration r) {
        return r.batchStamp == stamp || current.size() < current.capacity();
    }

    /** Delivers a source's occurrences; the caller checked {@link #canTake}. */
    void deliverSource(AbstractRegistration r, long count) {
        if (r.batchStamp == stamp) {
            writer.addCount(current, r.batchIndex, count);
            return;
        }
        r.batchStamp = stamp;
        r.batchIndex = writer.add(current, r, io.github.fdmux.ReadyEvents.READABLE, count);
    }

    /** Drops what was delivered (the poller was closed during the wait). */
    void discard() {
        writer.clear(current);
    }

    /** The poll returned. */
    void end() {
        current = null;
    }
}
