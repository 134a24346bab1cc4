package io.github.fdmux.unix;

import io.github.fdmux.NativeCallException;
import jnr.constants.platform.Errno;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Loads libc through JNR once, and turns errno into {@link NativeCallException}s.
 *
 * <p>Loading can fail, e.g. where jffi cannot map the stub library it extracted (a noexec or
 * read-only {@code java.io.tmpdir}, common in containers) or where a JNR jar is missing:
 * {@link #loadFailure()} then says what failed, and how to fix it when the exception shows the
 * usual cause; {@link #loadFailureCause()} is the exception itself.
 */
public final class Native {
    private static final Holder HOLDER = new Holder();

    private Native() {
    }

    private static final class Holder {
        final LibC libc;
        final Runtime runtime;
        final POSIX posix;
        final String failure;
        final Throwable cause;

        Holder() {
            LibC l = null;
            Runtime r = null;
            POSIX p = null;
            String f = null;
            Throwable c = null;
            try {
                l = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
                r = Runtime.getRuntime(l);
                p = POSIXFactory.getNativePOSIX();
                if (!p.isNative()) {
                    f = "jnr-posix could not load its native POSIX layer";
                }
            } catch (LinkageError | RuntimeException e) {
                f = describeLoadFailure(e);
                c = e;
            }
            libc = l;
            runtime = r;
            posix = p;
            failure = f;
            cause = c;
        }
    }

    /**
     * Explains a failure to load JNR's native stub, with the usual fix when the exception shows
     * its cause (missing ASM or JNR classes, a noexec {@code java.io.tmpdir}, no stub for this platform).
     *
     * @param e the failure
     * @return one or two sentences
     */
    public static String describeLoadFailure(Throwable e) {
        return NativeLoadFailure.describe(e);
    }

    /** @return null if libc and JNR loaded, else why not */
    public static String loadFailure() {
        return HOLDER.failure;
    }

    /** @return null if libc and JNR loaded, else the exception (null too when jnr-posix loaded in pure-Java mode) */
    public static Throwable loadFailureCause() {
        return HOLDER.cause;
    }

    /** @return true if native calls can be made */
    public static boolean isLoaded() {
        return HOLDER.failure == null;
    }

    private static void ensureLoaded() {
        if (HOLDER.failure != null) {
            throw new IllegalStateException(HOLDER.failure);
        }
    }

    /** @return the libc binding */
    public static LibC libc() {
        ensureLoaded();
        return HOLDER.libc;
    }

    /** @return the JNR runtime of the libc binding */
    public static Runtime runtime() {
        ensureLoaded();
        return HOLDER.runtime;
    }

    /** @return jnr-posix, for the calls off the hot path (fstat, pipe, fcntl, rlimits) */
    public static POSIX posix() {
        ensureLoaded();
        return HOLDER.posix;
    }

    /** @return errno of the last failed call in this thread */
    public static int errno() {
        return LastError.getLastError(HOLDER.runtime);
    }

    /**
     * @param errno an errno value
     * @return its symbolic name on this platform, e.g. {@code "EBADF"}, or {@code "errno <n>"}
     */
    public static String errnoName(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == null || e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name();
    }

    /**
     * @param errno an errno value
     * @return the C library's description, or null
     */
    public static String errnoDescription(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == null || e == Errno.__UNKNOWN_CONSTANT__ ? null : e.description();
    }

    /**
     * @param name a symbolic errno name such as {@code "EAGAIN"}
     * @return its value on this platform, or -1 if unknown here
     */
    public static int errnoValue(String name) {
        try {
            Errno e = Errno.valueOf(name);
            return e.defined() ? e.intValue() : -1;
        } catch (IllegalArgumentException ex) {
            return -1;
        }
    }

    /**
     * Builds the exception for a failed call.
     *
     * @param call the call, e.g. {@code "epoll_ctl(EPOLL_CTL_ADD)"}
     * @param fd the fd concerned or -1
     * @param errno errno
     * @return the exception, with a hint for the errnos that have a usual cause
     */
    public static NativeCallException exception(String call, int fd, int errno) {
        return new NativeCallException(call, fd, errno, errnoName(errno), errnoDescription(errno), hint(errno));
    }

    /**
     * Builds the exception for a failed call, with a hint of the caller's.
     *
     * @param call the call
     * @param fd the fd or -1
     * @param errno errno
     * @param hint what it usually means here
     * @return the exception
     */
    public static NativeCallException exception(String call, int fd, int errno, String hint) {
        return new NativeCallException(call, fd, errno, errnoName(errno), errnoDescription(errno), hint);
    }

    private static String hint(int errno) {
        String name = errnoName(errno);
        switch (name) {
            case "EMFILE":
                return "The process has run out of file descriptors (RLIMIT_NOFILE, see ulimit -n)";
            case "ENFILE":
                return "The system has run out of file descriptors (fs.file-max)";
            case "ENOSYS":
                return "The kernel does not have this system call, or a seccomp filter hides it";
            default:
                return null;
        }
    }

    /**
     * Closes an fd, reporting a failure as an exception naming close and the fd. EINTR is not
     * retried: on Linux the fd is released anyway, and retrying could close a reused number.
     *
     * @param fd the fd
     * @throws NativeCallException if close fails
     */
    public static void close(int fd) throws NativeCallException {
        if (libc().close(fd) < 0) {
            int err = errno();
            if (!"EINTR".equals(errnoName(err))) {
                throw exception("close", fd, err);
            }
        }
    }

    /** @return true on Linux */
    public static boolean isLinux() {
        return isLinux(Platform.getNativePlatform().getOS());
    }

    /**
     * @param os an OS as JNR names it
     * @return true for Linux: {@code LINUX}, and {@code ZLINUX}, JNR's name for Linux on s390x, whose
     *     eventfd, timerfd, pidfd and epoll values are the generic uapi ones fdmux uses
     *     ({@link SupportedPlatforms})
     */
    static boolean isLinux(Platform.OS os) {
        return os == Platform.OS.LINUX || os == Platform.OS.ZLINUX;
    }

    /** @return the JNR platform's OS */
    public static Platform.OS os() {
        return Platform.getNativePlatform().getOS();
    }

    /** @return the JNR platform's CPU */
    public static Platform.CPU cpu() {
        return Platform.getNativePlatform().getCPU();
    }
}
