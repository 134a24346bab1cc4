package io.github.fdmux.epoll;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.LibcBinding;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBackendProvider;
import io.github.fdmux.unix.ProbeCache;
import io.github.fdmux.unix.SupportedPlatforms;
import io.github.fdmux.unix.NativeBuffer;
import jnr.ffi.LibraryLoader;

/**
 * The epoll binding and what this kernel offers, probed once: epoll itself, epoll_pwait2 (Linux
 * 5.11 and glibc 2.35), EPOLLEXCLUSIVE (Linux 4.5).
 *
 * @param lib the binding (null when unavailable)
 * @param availability whether EPOLL can run here, and why
 * @param pwait2 whether timed waits use epoll_pwait2
 * @param pwait2Reason which call timed waits use, and why
 * @param exclusive whether EPOLLEXCLUSIVE is offered
 */
record EpollNative(EpollLibrary lib, Availability availability, boolean pwait2, String pwait2Reason, boolean exclusive)
        implements NativeBackendProvider.Probe {
    private static final ProbeCache<EpollNative> PROBED = new ProbeCache<>(EpollNative::probe, EpollNative::availability);

    static EpollNative get() {
        return PROBED.get();
    }

    private static EpollNative probe() {
        String refusal = SupportedPlatforms.linuxOnly("epoll");
        if (refusal == null) {
            refusal = SupportedPlatforms.refusal();
        }
        if (refusal != null) {
            return unavailable(refusal);
        }
        LibcBinding<EpollLibrary> bound = LibcBinding.of(LibraryLoader.create(EpollLibrary.class), "epoll");
        if (bound.lib() == null) {
            return unavailable(bound.failure(), bound.cause());
        }
        EpollLibrary lib = bound.lib();
        int epfd;
        try {
            epfd = lib.epoll_create1(EpollConstants.EPOLL_CLOEXEC);
        } catch (LinkageError e) {
            return unavailable("libc has no epoll_create1: " + e, e);
        }
        if (epfd < 0) {
            NativeCallException refused = createFailure(Native.errno());
            return unavailable(refused.getMessage(), refused);
        }
        boolean pwait2 = false;
        String pwait2Reason = pwait2Refusal(Native.runtime().addressSize());
        try {
            if (pwait2Reason == null) {
                int err = probePwait2(lib, epfd);
                pwait2 = err == 0;
                pwait2Reason = pwait2 ? "epoll_pwait2 (nanosecond timeouts)"
                        : "epoll_wait (millisecond timeouts): epoll_pwait2 failed with " + Native.errnoName(err);
            }
        } catch (LinkageError e) {
            pwait2 = false;
            pwait2Reason = "epoll_wait (millisecond timeouts): libc has no epoll_pwait2 (glibc before 2.35)";
        } finally {
            Native.libc().close(epfd);
        }
        boolean exclusive = kernelAtLeast(System.getProperty("os.version", ""), 4, 5);
        return new EpollNative(lib, Availability.yes("Linux " + System.getProperty("os.version") + ", " + pwait2Reason),
                pwait2, pwait2Reason, exclusive);
    }

    /** @return 0 if a zero-timeout epoll_pwait2 works, else its errno */
    private static int probePwait2(EpollLibrary lib, int epfd) {
        try (NativeBuffer events = NativeBuffer.allocate(EpollEventLayout.current().size());
             NativeBuffer timespec = NativeBuffer.allocate(16)) {
            return lib.epoll_pwait2(epfd, events.pointer(), 1, timespec.pointer(), null) >= 0 ? 0 : Native.errno();
        }
    }

    /**
     * epoll_pwait2 takes a {@code struct timespec}, which EpollPoller writes as two 64-bit fields
     * ({@code time_t tv_sec; long tv_nsec}, LP64). On a 32-bit Linux ABI glibc's plain
     * {@code epoll_pwait2} symbol takes the 32-bit time_t timespec where {@code __TIMESIZE != 64}
     * (the 64-bit one is {@code __epoll_pwait2_time64}): the 64-bit seconds would be read as
     * seconds 0 and nanoseconds = the low word of the seconds, so every wait under a second returns
     * at once and the poll loop spins. As PollNative does for ppoll, the nanosecond call is used on
     * 64-bit platforms only; elsewhere epoll_wait's milliseconds are good enough.
     *
     * @param addressSize the pointer size of this JVM's native ABI, in bytes
     * @return null where epoll_pwait2 may be used, else the wait call and why (for the reason text)
     */
    static String pwait2Refusal(int addressSize) {
        return addressSize == 8 ? null
                : "epoll_wait (millisecond timeouts): epoll_pwait2 is used on 64-bit platforms only (a 32-bit"
                        + " ABI's timespec may have a 32-bit time_t)";
    }

    private static EpollNative unavailable(String why) {
        return new EpollNative(null, Availability.no(why), false, "", false);
    }

    private static EpollNative unavailable(String why, Throwable cause) {
        return new EpollNative(null, cause == null ? Availability.no(why) : Availability.no(why, cause), false, "", false);
    }

    static NativeCallException createFailure(int errno) {
        String hint = null;
        if (errno == Errnos.EPERM || errno == Errnos.ENOSYS) {
            hint = "epoll is refused here, probably by a seccomp filter; use POLL (FDMUX_BACKEND=poll)";
        }
        return hint == null ? Native.exception("epoll_create1(EPOLL_CLOEXEC)", -1, errno)
                : Native.exception("epoll_create1(EPOLL_CLOEXEC)", -1, errno, hint);
    }

    /**
     * @param osVersion {@code os.version}, e.g. {@code "6.1.0-13-amd64"}
     * @param major wanted major
     * @param minor wanted minor
     * @return whether the kernel is at least that version (false if unparsable)
     */
    static boolean kernelAtLeast(String osVersion, int major, int minor) {
        String[] parts = osVersion.split("[.\\-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
