package io.github.fdmux.select;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.unix.LibcBinding;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBackendProvider;
import io.github.fdmux.unix.ProbeCache;
import io.github.fdmux.unix.SupportedPlatforms;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.Timespec;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/**
 * The select binding and what this system offers, probed once: a {@link SelectPlatform} table for
 * the OS, select(2) itself (a seccomp filter can refuse it), and pselect(2) for timeouts in
 * nanoseconds rather than select's microseconds.
 *
 * <p>LP64 only: there {@code struct timespec} is {@code {time_t tv_sec; long tv_nsec;}}, two
 * 64-bit fields at 0 and 8, and {@code struct timeval}'s {@code tv_sec} is 64 bits at 0 on every OS
 * in {@link SelectPlatform}; on 32-bit platforms {@code time_t} is 32 or 64 bits depending on how
 * the C library was built, and fdmux does not guess. POLL covers those.
 *
 * @param lib the binding (null when unavailable)
 * @param platform the fd_set layout of this OS (null when unavailable)
 * @param availability whether SELECT can run here, and why
 * @param pselect whether timed waits use pselect
 * @param waitCall which call timed waits use, and why
 */
record SelectNative(SelectLibrary lib, SelectPlatform platform, Availability availability, boolean pselect,
        String waitCall) implements NativeBackendProvider.Probe {
    private static final ProbeCache<SelectNative> PROBED = new ProbeCache<>(SelectNative::probe, SelectNative::availability);


    static SelectNative get() {
        return PROBED.get();
    }

    /**
     * @param why why, for the reason text
     * @return the same binding with pselect turned off (tests of the select(2) path)
     */
    SelectNative withoutPselect(String why) {
        return new SelectNative(lib, platform, availability, false, "select (microsecond timeouts): " + why);
    }

    private static SelectNative probe() {
        SelectPlatform platform = SelectPlatform.forOs(Platform.getNativePlatform().getOS());
        String refusal = SupportedPlatforms.refusal(platform, "fd_set", "POLL or NIO");
        if (refusal != null) {
            return unavailable(refusal);
        }
        LibcBinding<SelectLibrary> bound = LibcBinding.of(LibraryLoader.create(SelectLibrary.class), "select");
        if (bound.lib() == null) {
            return unavailable(bound.failure(), bound.cause());
        }
        if (Native.runtime().addressSize() != 8) {
            return unavailable("fdmux's SELECT knows the LP64 timeout structs only (time_t on 32-bit platforms"
                    + " depends on the C library's build); use POLL");
        }
        SelectLibrary lib = bound.lib();
        boolean pselect;
        String waitCall;
        try (NativeBuffer zero = NativeBuffer.allocate(Math.max(Timespec.size(), SelectPlatform.TIMEVAL_SIZE))) {
            Pointer ts = zero.pointer();
            int r;
            try {
                r = lib.select(0, null, null, null, ts);
            } catch (LinkageError e) {
                return unavailable("libc has no select: " + e, e);
            }
            if (r < 0) {
                int err = Native.errno();
                NativeCallException refused = Native.exception("select", -1, err, "select(2) is refused here,"
                        + " probably by a seccomp filter; use POLL or NIO");
                return unavailable(refused.getMessage(), refused);
            }
            try {
                int p = lib.pselect(0, null, null, null, ts, null);
                pselect = p >= 0;
                waitCall = p >= 0 ? "pselect (nanosecond timeouts)"
                        : "select (microsecond timeouts): pselect failed with " + Native.errnoName(Native.errno());
            } catch (LinkageError e) {
                pselect = false;
                waitCall = "select (microsecond timeouts): libc has no pselect";
            }
        }
        return new SelectNative(lib, platform, Availability.yes(platform.name() + " " + System.getProperty("os.version")
                + ", " + waitCall + ", FD_SETSIZE " + platform.fdSetSize()), pselect, waitCall);
    }

    private static SelectNative unavailable(String why) {
        return new SelectNative(null, null, Availability.no(why), false, "");
    }

    private static SelectNative unavailable(String why, Throwable cause) {
        return new SelectNative(null, null, cause == null ? Availability.no(why) : Availability.no(why, cause), false,
                "");
    }

    /**
     * Waits in pselect(2) or select(2), whichever this binding uses.
     *
     * @param nfds the highest fd + 1
     * @param read the read set
     * @param write the write set
     * @param except the exception set
     * @param timespec pselect's timeout struct, written here
     * @param timeval select's timeout struct ({@link SelectPlatform#TIMEVAL_SIZE} bytes), written here
     * @param timeoutNanos -1 forever, 0 no wait, else nanoseconds (select: rounded up to microseconds)
     * @return as select(2)
     */
    int wait(int nfds, FdSet read, FdSet write, FdSet except, Timespec timespec, Pointer timeval, long timeoutNanos) {
        Pointer t = null;
        if (timeoutNanos >= 0 && pselect) {
            t = timespec.set(timeoutNanos);
        } else if (timeoutNanos >= 0) {
            t = timeval;
            platform.putTimeval(t, timeoutNanos);
        }
        return pselect ? lib.pselect(nfds, read.pointer(), write.pointer(), except.pointer(), t, null)
                : lib.select(nfds, read.pointer(), write.pointer(), except.pointer(), t);
    }
}
