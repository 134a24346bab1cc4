package io.github.fdmux.unix;

import jnr.ffi.Pointer;

/**
 * A {@code struct timespec} for the timed waits (epoll_pwait2, ppoll, kevent): the one place its
 * layout is written down, per platform.
 *
 * <ul>
 *   <li>LP64 (every 64-bit Linux, macOS and BSD): {@code time_t tv_sec} (64 bits) at 0, {@code long
 *       tv_nsec} (64 bits) at 8; 16 bytes (glibc {@code bits/types/struct_timespec.h}, XNU
 *       {@code sys/_types/_timespec.h}, FreeBSD {@code sys/_timespec.h}).</li>
 *   <li>ILP32 with a 32-bit {@code time_t} (the default of 32-bit glibc without
 *       {@code _TIME_BITS=64}, which the unversioned symbols JNR binds expect): {@code tv_sec} at 0 and
 *       {@code tv_nsec} at 4, 32 bits each; 8 bytes.</li>
 * </ul>
 *
 * <p>Seconds are capped at {@link #MAX_SECONDS}: kernels reject (EINVAL) or clamp huge timespecs, and
 * a 32-bit {@code tv_sec} would overflow; a longer wait ends early and the poll loop waits again.
 *
 * <p>Not thread-safe: the polling thread's.
 */
public final class Timespec {
    /** The longest wait one timespec asks for: about 11.5 days. */
    public static final long MAX_SECONDS = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The layout of this platform. */
    static final Layout LAYOUT = Native.isLoaded() && Native.runtime().addressSize() == 4 ? Layout.ILP32 : Layout.LP64;

    /** Where the fields are. */
    enum Layout {
        LP64(16, 0, 8, 8),
        ILP32(8, 0, 4, 4);

        final int size;
        final int secOffset;
        final int nsecOffset;
        final int fieldBytes;

        Layout(int size, int secOffset, int nsecOffset, int fieldBytes) {
            this.size = size;
            this.secOffset = secOffset;
            this.nsecOffset = nsecOffset;
            this.fieldBytes = fieldBytes;
        }

        void put(Pointer p, long nanos) {
            long seconds = Math.min(nanos / NANOS_PER_SECOND, MAX_SECONDS);
            long rest = seconds == MAX_SECONDS ? 0 : nanos % NANOS_PER_SECOND;
            if (fieldBytes == 8) {
                p.putLong(secOffset, seconds);
                p.putLong(nsecOffset, rest);
            } else {
                p.putInt(secOffset, (int) seconds);
                p.putInt(nsecOffset, (int) rest);
            }
        }

        /**
         * Writes {@code nanos} exactly, without {@link #MAX_SECONDS}' cap: for a timer's expiry
         * (timerfd's {@code struct itimerspec}), which must never fire early.
         *
         * @param p the memory
         * @param offset where the timespec starts
         * @param nanos 0 or more
         * @return false (nothing written) if the seconds do not fit this layout's {@code time_t}
         */
        boolean putExact(Pointer p, long offset, long nanos) {
            long seconds = nanos / NANOS_PER_SECOND;
            long rest = nanos % NANOS_PER_SECOND;
            if (fieldBytes == 8) {
                p.putLong(offset + secOffset, seconds);
                p.putLong(offset + nsecOffset, rest);
            } else {
                if (seconds > Integer.MAX_VALUE) {
                    return false;
                }
                p.putInt(offset + secOffset, (int) seconds);
                p.putInt(offset + nsecOffset, (int) rest);
            }
            return true;
        }
    }

    private final NativeBuffer buffer;

    Timespec(NativeBuffer buffer) {
        this.buffer = buffer;
    }

    /** @return {@code sizeof(struct timespec)} here */
    public static int size() {
        return LAYOUT.size;
    }

    /**
     * @param nanos a timeout, 0 or more
     * @return the struct, holding {@code nanos} (capped at {@link #MAX_SECONDS})
     */
    public Pointer set(long nanos) {
        Pointer p = buffer.pointer();
        LAYOUT.put(p, nanos);
        return p;
    }

    /** @return the struct as last set (all zero until then) */
    public Pointer pointer() {
        return buffer.pointer();
    }
}
