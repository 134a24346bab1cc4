package io.github.fdmux.spi;

import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;

/**
 * Gives backends write access to {@link ReadyEvents} without making its mutators public API (the
 * JDK's "shared secrets" pattern). Only {@link ReadyEvents} itself can install the writer.
 *
 * <p>{@link #writer()} is thread-safe; the writer's methods are not: a backend calls them from the
 * polling thread only, on the buffer of the poll in progress.
 */
public final class EventsAccess {
    private static volatile Writer writer;

    private EventsAccess() {
    }

    /**
     * Called once by {@link ReadyEvents}' static initialiser.
     *
     * @param w the writer
     * @throws IllegalStateException if called twice or by anyone but {@link ReadyEvents}
     */
    public static void install(Writer w) {
        if (writer != null || w.getClass().getNestHost() != ReadyEvents.class) {
            throw new IllegalStateException("EventsAccess is installed by ReadyEvents only");
        }
        writer = w;
    }

    /** {@return the writer, initialising {@link ReadyEvents} if needed} */
    public static Writer writer() {
        Writer w = writer;
        if (w == null) {
            try {
                Class.forName(ReadyEvents.class.getName(), true, ReadyEvents.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            w = writer;
        }
        return w;
    }

    /** Mutators of {@link ReadyEvents}; implemented inside it. */
    public abstract static class Writer {
        /** Only {@link ReadyEvents} subclasses this. */
        protected Writer() {
        }

        /**
         * Empties the buffer.
         *
         * @param events the buffer
         */
        public abstract void clear(ReadyEvents events);

        /**
         * Appends an event; the caller checks capacity first.
         *
         * @param events the buffer
         * @param registration the ready registration
         * @param readyOps its readiness bits
         * @param count the occurrences it stands for (1 for an fd)
         * @return the index of the new event
         */
        public abstract int add(ReadyEvents events, Registration registration, int readyOps, long count);

        /**
         * Adds occurrences to an event already added by this poll (a source reported twice in one poll).
         *
         * @param events the buffer
         * @param index the event's index
         * @param count occurrences to add
         */
        public abstract void addCount(ReadyEvents events, int index, long count);

        /**
         * ORs more readiness bits into an event already added by this poll.
         *
         * @param events the buffer
         * @param index the event's index
         * @param readyOps bits to add
         */
        public abstract void merge(ReadyEvents events, int index, int readyOps);
    }
}
