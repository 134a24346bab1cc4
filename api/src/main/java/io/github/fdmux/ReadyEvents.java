package io.github.fdmux;

import io.github.fdmux.spi.EventsAccess;
import java.util.Objects;

/**
 * A reusable buffer that {@link Poller#poll} fills with ready events. Read it by index, which
 * allocates nothing:
 *
 * <pre>{@code
 * int n = poller.poll(events, -1, TimeUnit.MILLISECONDS);
 * for (int i = 0; i < n; i++) {
 *     Connection c = (Connection) events.attachment(i);
 *     if (events.isReadable(i)) c.onReadable();
 *     if (events.isWritable(i)) c.onWritable();
 * }
 * }</pre>
 *
 * <p>Each event carries the registration and five readiness flags:
 * <ul>
 *   <li>{@code readable}: a read (or accept) will not block;</li>
 *   <li>{@code writable}: a write (or a pending connect's completion) will not block;</li>
 *   <li>{@code readClosed}: the peer shut down its write side; end of stream is pending, possibly
 *       after still-buffered data (a hint on some backends, see docs/semantics.md);</li>
 *   <li>{@code writeClosed}: writing can no longer succeed (peer gone, pipe reader closed);</li>
 *   <li>{@code error}: the kernel reports an error condition (e.g. a reset, or POLLNVAL).</li>
 * </ul>
 * A registration appears at most once per poll. If more fds are ready than the buffer holds, the
 * rest are delivered by the next polls.
 *
 * <p>Timers, signals, processes and user events ({@link #source(int)} other than
 * {@link EventSource#FD}) are reported {@link #READABLE} (an occurrence is there to be taken), with
 * {@link #count(int)} the number of occurrences coalesced into the event.
 *
 * <p>Not thread-safe: owned by the polling thread. The contents are valid until the next poll
 * that uses this buffer.
 */
public final class ReadyEvents {
    /** {@link #readyOps(int)} bit: readable. */
    public static final int READABLE = 1;
    /** {@link #readyOps(int)} bit: writable. */
    public static final int WRITABLE = 2;
    /** {@link #readyOps(int)} bit: the read side is closed (EOF pending). */
    public static final int READ_CLOSED = 4;
    /** {@link #readyOps(int)} bit: the write side is closed. */
    public static final int WRITE_CLOSED = 8;
    /** {@link #readyOps(int)} bit: an error condition. */
    public static final int ERROR = 16;

    /** The largest capacity accepted. */
    public static final int MAX_CAPACITY = 1 << 20;

    static {
        EventsAccess.install(new Writer());
    }

    private final Registration[] registrations;
    private final int[] ops;
    private final long[] counts;
    private int size;

    /**
     * Creates an empty buffer for up to {@code capacity} events per poll.
     *
     * @param capacity how many events one poll can return, 1 to {@link #MAX_CAPACITY}
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public ReadyEvents(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("ReadyEvents capacity must be 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.registrations = new Registration[capacity];
        this.ops = new int[capacity];
        this.counts = new long[capacity];
    }

    /** {@return how many events one poll can return} */
    public int capacity() {
        return registrations.length;
    }

    /** {@return how many events the last poll returned} */
    public int size() {
        return size;
    }

    /** {@return true if the last poll returned no event} */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * {@return the registration of event {@code i}}
     *
     * @param i index, 0 to {@link #size()} - 1
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public Registration registration(int i) {
        return registrations[Objects.checkIndex(i, size)];
    }

    /**
     * {@return the attachment of event {@code i}'s registration}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public Object attachment(int i) {
        return registration(i).attachment();
    }

    /**
     * {@return the fd of event {@code i}'s registration}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public int fd(int i) {
        return registration(i).fd();
    }

    /**
     * {@return the readiness bits of event {@code i} ({@link #READABLE}, {@link #WRITABLE}, ...)}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public int readyOps(int i) {
        return ops[Objects.checkIndex(i, size)];
    }

    /**
     * {@return what event {@code i}'s registration watches: an fd, a timer, a signal, a process or a
     *     user event}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public EventSource source(int i) {
        return registration(i).source();
    }

    /**
     * {@return how many occurrences event {@code i} stands for: timer expirations, signal deliveries
     *     or user triggers since the source was last reported (1 or more); 1 for an fd or a process}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public long count(int i) {
        return counts[Objects.checkIndex(i, size)];
    }

    /**
     * {@return whether event {@code i} is readable}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public boolean isReadable(int i) {
        return (readyOps(i) & READABLE) != 0;
    }

    /**
     * {@return whether event {@code i} is writable}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public boolean isWritable(int i) {
        return (readyOps(i) & WRITABLE) != 0;
    }

    /**
     * {@return whether event {@code i}'s read side is closed}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public boolean isReadClosed(int i) {
        return (readyOps(i) & READ_CLOSED) != 0;
    }

    /**
     * {@return whether event {@code i}'s write side is closed}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public boolean isWriteClosed(int i) {
        return (readyOps(i) & WRITE_CLOSED) != 0;
    }

    /**
     * {@return whether event {@code i} carries an error condition}
     *
     * @param i index
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public boolean isError(int i) {
        return (readyOps(i) & ERROR) != 0;
    }

    /**
     * An immutable copy of event {@code i}, convenient for tests and logs (allocates; the indexed
     * accessors do not).
     *
     * @param i index
     * @return a snapshot of the event
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public ReadyEvent get(int i) {
        return new ReadyEvent(registration(i), readyOps(i), count(i));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReadyEvents[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(get(i));
        }
        return sb.append(']').toString();
    }

    /** The backends' write access; see {@link EventsAccess}. */
    private static final class Writer extends EventsAccess.Writer {
        @Override
        public void clear(ReadyEvents events) {
            java.util.Arrays.fill(events.registrations, 0, events.size, null);
            events.size = 0;
        }

        @Override
        public int add(ReadyEvents events, Registration registration, int readyOps, long count) {
            int i = events.size;
            events.registrations[i] = registration;
            events.ops[i] = readyOps;
            events.counts[i] = count;
            events.size = i + 1;
            return i;
        }

        @Override
        public void addCount(ReadyEvents events, int index, long count) {
            events.counts[index] += count;
        }

        @Override
        public void merge(ReadyEvents events, int index, int readyOps) {
            events.ops[index] |= readyOps;
        }
    }
}
