package io.github.fdmux;

/**
 * What a registration waits for: reading, writing, both or neither.
 *
 * <p>There are exactly four instances ({@link #NONE}, {@link #READ}, {@link #WRITE},
 * {@link #READ_WRITE}); combining them never allocates, so interests can be changed on the hot
 * path. A registration with {@link #NONE} stays registered and reports only what the kernel forces
 * (hang-up and error on epoll and poll(2); nothing on kqueue and NIO).
 *
 * <p>Immutable and thread-safe. Compare with {@code ==} or {@link #equals(Object)}.
 */
public final class Interest {
    private static final int R = 1;
    private static final int W = 2;

    /** Neither read nor write. */
    public static final Interest NONE = new Interest(0);
    /** Readable: data, a pending connection on a listener, or end of stream. */
    public static final Interest READ = new Interest(R);
    /** Writable: room in the send buffer, or a finished non-blocking connect. */
    public static final Interest WRITE = new Interest(W);
    /** Both read and write. */
    public static final Interest READ_WRITE = new Interest(R | W);

    private static final Interest[] BY_BITS = {NONE, READ, WRITE, READ_WRITE};

    private final int bits;

    private Interest(int bits) {
        this.bits = bits;
    }

    /**
     * {@return the canonical instance for that combination}
     *
     * @param readable whether read interest is wanted
     * @param writable whether write interest is wanted
     */
    public static Interest of(boolean readable, boolean writable) {
        return BY_BITS[(readable ? R : 0) | (writable ? W : 0)];
    }

    /** {@return true if read interest is included} */
    public boolean isReadable() {
        return (bits & R) != 0;
    }

    /** {@return true if write interest is included} */
    public boolean isWritable() {
        return (bits & W) != 0;
    }

    /** {@return true for {@link #NONE}} */
    public boolean isNone() {
        return bits == 0;
    }

    /**
     * {@return the union of both}
     *
     * @param other interest to add
     * @throws NullPointerException if {@code other} is null
     */
    public Interest and(Interest other) {
        return BY_BITS[bits | other.bits];
    }

    /**
     * {@return this interest without {@code other}}
     *
     * @param other interest to remove
     * @throws NullPointerException if {@code other} is null
     */
    public Interest without(Interest other) {
        return BY_BITS[bits & ~other.bits];
    }

    @Override
    public String toString() {
        switch (bits) {
            case 0: return "NONE";
            case R: return "READ";
            case W: return "WRITE";
            default: return "READ_WRITE";
        }
    }
}
