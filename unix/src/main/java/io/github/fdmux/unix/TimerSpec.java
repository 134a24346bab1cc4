package io.github.fdmux.unix;

import jnr.ffi.Pointer;

/**
 * A {@code struct itimerspec} for timerfd_settime(2): the one place its layout is written down. It
 * is two {@link Timespec}s, {@code it_interval} then {@code it_value} (include/uapi/linux/time.h,
 * glibc {@code bits/types/struct_itimerspec.h}), so each platform's size and offsets follow from
 * {@link Timespec}'s layout: 32 bytes on LP64, 16 on ILP32 with a 32-bit {@code time_t}.
 *
 * <p>Unlike a wait's timespec, a timer's values are never capped: an expiry written shorter would
 * fire early.
 *
 * <p>Not thread-safe: its poller's, under the poller's lock.
 */
final class TimerSpec {
    private final NativeBuffer buffer;
    private final Timespec.Layout layout;

    TimerSpec(NativeBuffer buffer) {
        this(buffer, Timespec.LAYOUT);
    }

    TimerSpec(NativeBuffer buffer, Timespec.Layout layout) {
        if (buffer.size() < size(layout)) {
            throw new IllegalArgumentException("an itimerspec needs " + size(layout) + " bytes, got " + buffer.size());
        }
        this.buffer = buffer;
        this.layout = layout;
    }

    /** @return {@code sizeof(struct itimerspec)} here */
    static int size() {
        return size(Timespec.LAYOUT);
    }

    static int size(Timespec.Layout layout) {
        return 2 * layout.size;
    }

    /** @return the offset of {@code it_interval} */
    static int intervalOffset() {
        return 0;
    }

    /** @param layout a timespec layout @return the offset of {@code it_value} in it */
    static int valueOffset(Timespec.Layout layout) {
        return layout.size;
    }

    /**
     * Sets a relative timer. timerfd reads an {@code it_value} of zero as "disarm", so a first
     * expiry of 0 ns is written as 1 ns: due at once, as fdmux's emulation makes it.
     *
     * @param initialDelayNanos the first expiry, 0 or more
     * @param periodNanos the period, 0 for a timer that fires once
     * @return the struct, or null if a value does not fit this platform's {@code time_t}
     */
    Pointer set(long initialDelayNanos, long periodNanos) {
        Pointer p = buffer.pointer();
        if (!layout.putExact(p, intervalOffset(), periodNanos)
                || !layout.putExact(p, valueOffset(layout), Math.max(1, initialDelayNanos))) {
            return null;
        }
        return p;
    }
}
