package io.github.fdmux.iouring;

/**
 * What a request's user_data says, so that its completion can be told apart. The top two bits are
 * the kind ({@link #KIND_POLL}, {@link #KIND_REMOVE}, or the poller's own {@link #WAKEUP} and
 * {@link #TIMEOUT}); a POLL_ADD's carries its registration's slot (low 32 bits) and an arm sequence
 * number (30 bits), so a completion of a request that was removed or replaced - or whose registration
 * was cancelled and its slot reused - no longer matches the registration's current one. A
 * POLL_REMOVE's carries its target's sequence and slot.
 */
final class UserData {
    static final long KIND_MASK = 3L << 62;
    static final long KIND_POLL = 1L << 62;
    static final long KIND_REMOVE = 2L << 62;
    static final long WAKEUP = 3L << 62;
    static final long TIMEOUT = (3L << 62) | 1;
    private static final int SEQUENCE_MASK = 0x3fff_ffff;

    private UserData() {
    }

    /** {@return the user_data of a POLL_ADD for the registration in {@code slot}, the {@code sequence}th arm} */
    static long poll(int sequence, int slot) {
        return KIND_POLL | ((long) (sequence & SEQUENCE_MASK) << 32) | (slot & 0xffff_ffffL);
    }

    /** {@return whether {@code userData} is a POLL_ADD's} */
    static boolean isPoll(long userData) {
        return (userData & KIND_MASK) == KIND_POLL;
    }

    /** {@return whether {@code userData} is a POLL_REMOVE's} */
    static boolean isRemoval(long userData) {
        return (userData & KIND_MASK) == KIND_REMOVE;
    }

    /** {@return the registration slot a POLL_ADD's or POLL_REMOVE's user_data carries} */
    static int slot(long userData) {
        return (int) userData;
    }

    /** {@return the user_data of a POLL_REMOVE of the request {@code target}: KIND_REMOVE and the target's slot and sequence} */
    static long removalOf(long target) {
        return KIND_REMOVE | (target & ~KIND_MASK);
    }

    /** {@return the POLL_ADD a POLL_REMOVE's user_data targets} */
    static long targetOf(long removal) {
        return KIND_POLL | (removal & ~KIND_MASK);
    }
}
