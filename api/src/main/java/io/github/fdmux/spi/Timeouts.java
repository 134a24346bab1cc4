package io.github.fdmux.spi;

/** Timeout conversions every backend needs the same way. Thread-safe. */
public final class Timeouts {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private Timeouts() {
    }

    /**
     * Rounds a positive timeout up to whole milliseconds, for system calls that take milliseconds: a
     * wait never ends before the requested time ({@link AbstractPoller} waits out the rest of a wait
     * that ended early anyway, at the cost of another system call).
     *
     * @param timeoutNanos nanoseconds, more than 0
     * @return milliseconds, at least 1 and at most {@link Integer#MAX_VALUE}
     */
    public static int millisRoundedUp(long timeoutNanos) {
        long millis = timeoutNanos / NANOS_PER_MILLI + (timeoutNanos % NANOS_PER_MILLI != 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(millis, Integer.MAX_VALUE));
    }
}
