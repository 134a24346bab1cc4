package io.github.fdmux;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable copy of one ready event (see {@link ReadyEvents#get(int)}). Thread-safe; the
 * accessors never throw ({@link #attachment()} and {@link #fd()} read the registration's current
 * values).
 *
 * @param registration the registration that is ready
 * @param readyOps     readiness bits, see {@link ReadyEvents#READABLE} and friends
 * @param count        occurrences coalesced into the event ({@link ReadyEvents#count(int)}), 1 for an fd
 */
public record ReadyEvent(Registration registration, int readyOps, long count) {

    /** The flags {@link #describe(int)} names, in its order, and their names. */
    private static final int[] FLAG_BITS = {ReadyEvents.READABLE, ReadyEvents.WRITABLE, ReadyEvents.READ_CLOSED,
            ReadyEvents.WRITE_CLOSED, ReadyEvents.ERROR};
    private static final String[] FLAG_NAMES = {"readable", "writable", "readClosed", "writeClosed", "error"};

    /**
     * Checks that the registration is not null and the count positive.
     *
     * @param registration the registration that is ready
     * @param readyOps     readiness bits
     * @param count        occurrences, 1 or more
     * @throws NullPointerException if {@code registration} is null
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    public ReadyEvent {
        Objects.requireNonNull(registration, "registration");
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more, was " + count);
        }
    }

    /**
     * An fd's event: one occurrence.
     *
     * @param registration the registration that is ready
     * @param readyOps     readiness bits
     * @throws NullPointerException if {@code registration} is null
     */
    public ReadyEvent(Registration registration, int readyOps) {
        this(registration, readyOps, 1);
    }

    /** {@return what the registration watches} */
    public EventSource source() {
        return registration.source();
    }

    /** {@return whether a read will not block} */
    public boolean readable() {
        return (readyOps & ReadyEvents.READABLE) != 0;
    }

    /** {@return whether a write will not block} */
    public boolean writable() {
        return (readyOps & ReadyEvents.WRITABLE) != 0;
    }

    /** {@return whether the read side is closed (EOF pending)} */
    public boolean readClosed() {
        return (readyOps & ReadyEvents.READ_CLOSED) != 0;
    }

    /** {@return whether the write side is closed} */
    public boolean writeClosed() {
        return (readyOps & ReadyEvents.WRITE_CLOSED) != 0;
    }

    /** {@return whether an error condition is reported} */
    public boolean error() {
        return (readyOps & ReadyEvents.ERROR) != 0;
    }

    /** {@return the registration's attachment} */
    public Object attachment() {
        return registration.attachment();
    }

    /** {@return the registration's fd} */
    public int fd() {
        return registration.fd();
    }

    /**
     * Formats readiness bits as {@code readable+writable+readClosed+writeClosed+error}, or
     * {@code none}.
     *
     * @param readyOps readiness bits
     * @return the flags that are set, joined by '+'
     */
    public static String describe(int readyOps) {
        StringJoiner names = new StringJoiner("+").setEmptyValue("none");
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((readyOps & FLAG_BITS[i]) != 0) {
                names.add(FLAG_NAMES[i]);
            }
        }
        return names.toString();
    }

    @Override
    public String toString() {
        if (registration.source() != EventSource.FD) {
            return registration.source() + " x" + count;
        }
        return "fd " + registration.fd() + " " + describe(readyOps);
    }
}
