package io.github.fdmux.poll;

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
 * The poll binding and what this system offers, probed once: a {@link PollPlatform} table for the
 * OS, poll(2) itself (it can be refused by a seccomp filter), and ppoll(2) for timeouts finer than
 * a millisecond (Linux, FreeBSD 11, OpenBSD 5.4; not macOS).
 *
 * <p>ppoll is used on 64-bit platforms only: there {@code struct timespec} is two 64-bit fields
 * ({@link Timespec}) on every OS in {@link PollPlatform}; on 32-bit ones time_t may be 32 or 64 bits
 * depending on the C library's build, and poll's milliseconds are good enough.
 *
 * @param lib the binding (null when unavailable)
 * @param platform the pollfd layout and POLL* values of this OS (null when unavailable)
 * @param availability whether POLL can run here, and why
 * @param ppoll whether timed waits use ppoll
 * @param ppollReason which call timed waits use, and why
 */
record PollNative(PollLibrary lib, PollPlatform platform, Availability availability, boolean ppoll,
        String ppollReason) implements NativeBackendProvider.Probe {
    private static final ProbeCache<PollNative> PROBED = new ProbeCache<>(PollNative::probe, PollNative::availability);

    static PollNative get() {
        return PROBED.get();
    }

    /**
     * @param why why, for the reason text
     * @return the same binding with ppoll turned off (tests of the millisecond path)
     */
    PollNative withoutPpoll(String why) {
        return new PollNative(lib, platform, availability, false, "poll (millisecond timeouts): " + why);
    }

    private static PollNative probe() {
        PollPlatform platform = PollPlatform.forOs(Platform.getNativePlatform().getOS());
        String refusal = SupportedPlatforms.refusal(platform, "struct pollfd / POLL*", "NIO");
        if (refusal != null) {
            return unavailable(refusal);
        }
        LibcBinding<PollLibrary> bound = LibcBinding.of(LibraryLoader.create(PollLibrary.class)
                .map("poll_ulong", "poll").map("poll_uint", "poll")
                .map("ppoll_ulong", "ppoll").map("ppoll_uint", "ppoll"), "poll");
        if (bound.lib() == null) {
            return unavailable(bound.failure(), bound.cause());
        }
        PollLibrary lib = bound.lib();
        int r;
        try {
            r = platform.nfdsIsLong() ? lib.poll_ulong(null, 0, 0) : lib.poll_uint(null, 0, 0);
        } catch (LinkageError e) {
            return unavailable("libc has no poll: " + e, e);
        }
        if (r < 0) {
            int err = Native.errno();
            NativeCallException refused = Native.exception("poll", -1, err, "poll(2) is refused here, probably by a"
                    + " seccomp filter; use NIO (FDMUX_BACKEND=nio)");
            return unavailable(refused.getMessage(), refused);
        }
        boolean ppoll;
        String ppollReason;
        if (Native.runtime().addressSize() != 8) {
            ppoll = false;
            ppollReason = "poll (millisecond timeouts): ppoll is used on 64-bit platforms only";
        } else {
            try (NativeBuffer timespec = NativeBuffer.allocate(Timespec.size())) {
                Pointer ts = timespec.pointer();
                int p = platform.nfdsIsLong() ? lib.ppoll_ulong(null, 0, ts, null) : lib.ppoll_uint(null, 0, ts, null);
                if (p >= 0) {
                    ppoll = true;
                    ppollReason = "ppoll (nanosecond timeouts)";
                } else {
                    ppoll = false;
                    ppollReason = "poll (millisecond timeouts): ppoll failed with " + Native.errnoName(Native.errno());
                }
            } catch (LinkageError e) {
                ppoll = false;
                ppollReason = "poll (millisecond timeouts): libc has no ppoll";
            }
        }
        return new PollNative(lib, platform, Availability.yes(platform.name() + " " + System.getProperty("os.version")
                + ", " + ppollReason), ppoll, ppollReason);
    }

    private static PollNative unavailable(String why) {
        return new PollNative(null, null, Availability.no(why), false, "");
    }

    private static PollNative unavailable(String why, Throwable cause) {
        return new PollNative(null, null, cause == null ? Availability.no(why) : Availability.no(why, cause), false, "");
    }

    /**
     * poll(2).
     *
     * @param fds the pollfd array
     * @param nfds entries
     * @param timeoutMillis -1 forever, 0 no wait, else milliseconds
     * @return as poll(2)
     */
    int poll(Pointer fds, int nfds, int timeoutMillis) {
        return platform.nfdsIsLong() ? lib.poll_ulong(fds, nfds, timeoutMillis) : lib.poll_uint(fds, nfds, timeoutMillis);
    }

    /**
     * ppoll(2) with the caller's signal mask.
     *
     * @param fds the pollfd array
     * @param nfds entries
     * @param timespec a struct timespec, or null for forever
     * @return as ppoll(2)
     */
    int ppoll(Pointer fds, int nfds, Pointer timespec) {
        return platform.nfdsIsLong() ? lib.ppoll_ulong(fds, nfds, timespec, null)
                : lib.ppoll_uint(fds, nfds, timespec, null);
    }
}
