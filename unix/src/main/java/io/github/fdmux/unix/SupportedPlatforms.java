package io.github.fdmux.unix;

import java.util.Locale;

/**
 * Where fdmux's native backends (EPOLL, KQUEUE, POLL, SELECT) can run, said once and plainly: Linux on
 * x86_64, aarch64, riscv64, ppc64le, s390x and loongarch64; macOS; FreeBSD; OpenBSD. Everything
 * else is refused up front with a reason naming what is missing, instead of failing later with a
 * misleading error (NIO, the JDK Selector, runs everywhere the JDK does).
 *
 * <ul>
 *   <li><b>NetBSD</b>: jnr-ffi 2.3.4 does not recognise it ({@code jnr.ffi.Platform} knows mac,
 *       darwin, linux, sunos, aix, openbsd, freebsd, dragonfly, windows, midnightbsd: NetBSD becomes
 *       an unknown OS) and jffi 1.4.3 ships no NetBSD stub (its {@code jni/} directory has none), so
 *       JNR cannot call libc there at all.</li>
 *   <li><b>DragonFly BSD</b>: JNR has a stub ({@code jni/x86_64-DragonFlyBSD}), but fdmux has never
 *       run there and no test or CI job does, so its constants and struct layouts are unverified.</li>
 *   <li><b>Linux on sparc64 and mips</b>: jffi does ship {@code sparcv9-Linux} and
 *       {@code mips64el-Linux} stubs, but the kernel's constants differ there and fdmux's tables
 *       hold the generic values: EPOLL_CLOEXEC is 0x400000 and O_NONBLOCK/EFD_NONBLOCK 0x4000 on
 *       sparc (arch/sparc/include/uapi/asm/fcntl.h), O_NONBLOCK/EFD_NONBLOCK 0x80 on mips
 *       (arch/mips/include/uapi/asm/fcntl.h), POLLRDHUP 0x800 on sparc (arch/sparc/include/uapi/asm/poll.h).
 *       With the generic values epoll_create1 fails and a wakeup eventfd or pipe can stay blocking
 *       and hang the poller, so these are refused.</li>
 * </ul>
 */
public final class SupportedPlatforms {
    private SupportedPlatforms() {
    }

    /**
     * @return null where the native backends may run, else why they may not (one sentence, for
     *     {@code Availability} and {@code fdmux info})
     */
    public static String refusal() {
        return refusal(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @return as {@link #refusal()}, for the given system
     */
    public static String refusal(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.startsWith("netbsd")) {
            return "NetBSD is not supported by fdmux's native backends: jnr-ffi 2.3.4 does not recognise NetBSD and"
                    + " jffi 1.4.3 ships no NetBSD stub, so JNR cannot call libc here; use NIO (FDMUX_BACKEND=nio)";
        }
        if (os.startsWith("dragonfly")) {
            return "DragonFly BSD is not supported by fdmux's native backends: they have never run there and"
                    + " their constants and struct layouts are unverified (supported: Linux, macOS, FreeBSD 12+,"
                    + " OpenBSD); use NIO (FDMUX_BACKEND=nio)";
        }
        if (os.startsWith("linux") && (arch.startsWith("sparc") || arch.startsWith("mips"))) {
            return "Linux on " + osArch + " is not supported by fdmux's native backends: EPOLL_CLOEXEC, O_NONBLOCK,"
                    + " EFD_NONBLOCK and POLLRDHUP have other values on sparc and mips than the generic ones in"
                    + " fdmux's tables (arch/" + (arch.startsWith("sparc") ? "sparc" : "mips")
                    + "/include/uapi/asm/fcntl.h); use NIO (FDMUX_BACKEND=nio)";
        }
        return null;
    }

    /**
     * The first checks of a backend whose structs and constants are written down per OS ({@link #byOs}):
     * the platform is supported ({@link #refusal()}), then the backend has a table for this OS.
     *
     * @param table the backend's table for this OS, or null where it has none
     * @param tableName what the table holds, e.g. "fd_set"
     * @param alternative the backends to use instead, e.g. "POLL or NIO"
     * @return null where both hold, else why the backend cannot run here
     */
    public static String refusal(Object table, String tableName, String alternative) {
        String refusal = refusal();
        if (refusal == null && table == null) {
            refusal = "fdmux has no " + tableName + " table for " + System.getProperty("os.name")
                    + " (it knows Linux, macOS, FreeBSD and OpenBSD); use " + alternative;
        }
        return refusal;
    }

    /**
     * For a backend over a Linux interface (epoll, io_uring): null on Linux, else why the backend
     * cannot run here.
     *
     * @param what the interface, e.g. "epoll"
     * @return null, or the refusal
     */
    public static String linuxOnly(String what) {
        return linuxOnly(jnr.ffi.Platform.getNativePlatform().getOS(), what);
    }

    /**
     * @param os the OS as JNR names it ({@link Native#isLinux(jnr.ffi.Platform.OS)})
     * @param what the interface, e.g. "epoll"
     * @return null, or the refusal
     */
    static String linuxOnly(jnr.ffi.Platform.OS os, String what) {
        return Native.isLinux(os) ? null : what + " is Linux only; this is " + System.getProperty("os.name");
    }

    /**
     * Picks the table of an OS for a backend whose structs and constants are written down per OS.
     *
     * @param os a JNR platform OS
     * @param linux the Linux table (also Linux on s390x, which JNR calls ZLINUX)
     * @param macos the macOS table
     * @param freebsd the FreeBSD table
     * @param openbsd the OpenBSD table
     * @param <T> the table type
     * @return the table, or null where fdmux has none (NetBSD and DragonFly, refused up front; Solaris,
     *     AIX, Windows, ...)
     */
    public static <T> T byOs(jnr.ffi.Platform.OS os, T linux, T macos, T freebsd, T openbsd) {
        switch (os) {
            case LINUX:
            case ZLINUX:
                return linux;
            case DARWIN:
                return macos;
            case FREEBSD:
                return freebsd;
            case OPENBSD:
                return openbsd;
            default:
                return null;
        }
    }
}
