package io.github.fdmux.iouring;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.LinuxConstants;
import io.github.fdmux.unix.LibcBinding;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBackendProvider;
import io.github.fdmux.unix.ProbeCache;
import io.github.fdmux.unix.SupportedPlatforms;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/**
 * The io_uring binding and what this kernel offers, probed once by using it: a ring is set up (which
 * fails under {@code kernel.io_uring_disabled}, a seccomp filter, or a kernel without io_uring), its
 * features checked, and a multishot POLL_ADD tried on an eventfd (EDGE needs it; kernels before 5.13
 * answer EINVAL).
 *
 * @param lib the binding (null when unavailable)
 * @param fast libc's syscall() through jffi, for io_uring_enter on the hot path (null when unavailable)
 * @param nr this architecture's io_uring system call numbers (null when unavailable)
 * @param availability whether IO_URING can run here, and why
 * @param multishot whether multishot POLL_ADD works (EDGE needs it)
 * @param multishotReason why it does or does not
 */
record IoUringNative(IoUringLibrary lib, FastSyscall fast, IoUringConstants.Syscalls nr, Availability availability,
        boolean multishot, String multishotReason) implements NativeBackendProvider.Probe {
    private static final ProbeCache<IoUringNative> PROBED = new ProbeCache<>(IoUringNative::probe, IoUringNative::availability);

    static IoUringNative get() {
        return PROBED.get();
    }


    private static IoUringNative probe() {
        String notLinux = SupportedPlatforms.linuxOnly("io_uring");
        if (notLinux != null) {
            return unavailable(notLinux);
        }
        IoUringConstants.Syscalls nr;
        try {
            nr = IoUringConstants.syscalls(System.getProperty("os.arch", ""));
        } catch (UnsupportedOperationException e) {
            return unavailable(e.getMessage());
        }
        LibcBinding<IoUringLibrary> bound = LibcBinding.of(LibraryLoader.create(IoUringLibrary.class), "syscall/mmap");
        if (bound.lib() == null) {
            return unavailable(bound.failure());
        }
        IoUringLibrary lib = bound.lib();
        FastSyscall fast;
        try {
            fast = FastSyscall.bind();
        } catch (LinkageError | RuntimeException e) {
            return unavailable("cannot bind syscall in libc through jffi: " + e);
        }
        IoUringRing ring;
        try {
            ring = IoUringRing.open(lib, fast, nr, 4, 8);
        } catch (NativeCallException e) {
            return unavailable(e.getMessage());
        } catch (IllegalStateException e) {
            return unavailable(e.getMessage() + "; IO_URING needs Linux 5.5 or later");
        }
        boolean multishot;
        String multishotReason;
        try {
            String failure = probeMultishot(ring);
            multishot = failure == null;
            multishotReason = multishot ? "multishot poll (IORING_POLL_ADD_MULTI) for EDGE"
                    : "no EDGE: " + failure;
        } catch (IOException e) {
            return unavailable("probing multishot poll failed: " + e.getMessage());
        } finally {
            try {
                ring.close();
            } catch (NativeCallException e) {
                System.getLogger("io.github.fdmux").log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
        return new IoUringNative(lib, fast, nr, Availability.yes("Linux " + System.getProperty("os.version")
                + ", io_uring POLL_ADD (" + nr.arch() + "), " + multishotReason), multishot, multishotReason);
    }

    /**
     * Submits a multishot POLL_ADD on a readable eventfd and reads its completion.
     *
     * @return null if multishot works, else what the kernel answered
     */
    private static String probeMultishot(IoUringRing ring) throws IOException {
        int efd = Native.libc().eventfd(1, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (efd < 0) {
            throw Native.exception("eventfd", -1, Native.errno());
        }
        try {
            ring.pollAdd(efd, LinuxConstants.POLLIN, IoUringConstants.IORING_POLL_ADD_MULTI, 1L);
            long r = ring.enter(1, 1, IoUringConstants.IORING_ENTER_GETEVENTS);
            if (r < 0) {
                throw Native.exception("io_uring_enter", ring.fd(), FastSyscall.errno());
            }
            if (ring.cqReady() < 1) {
                return "no completion for a multishot POLL_ADD on a readable eventfd";
            }
            int res = ring.cqeRes(0);
            int flags = ring.cqeFlags(0);
            ring.cqAdvance(ring.cqReady());
            if (res < 0) {
                return "POLL_ADD with IORING_POLL_ADD_MULTI failed with " + Native.errnoName(-res)
                        + " (multishot poll needs Linux 5.13)";
            }
            if ((flags & IoUringConstants.IORING_CQE_F_MORE) == 0) {
                return "the kernel ended a multishot POLL_ADD after one completion (no IORING_CQE_F_MORE)";
            }
            return null;
        } finally {
            Native.libc().close(efd);
        }
    }

    private static IoUringNative unavailable(String why) {
        return new IoUringNative(null, null, null, Availability.no(why), false, "");
    }

    /**
     * The exception for a failed io_uring_setup, with what the errno usually means.
     *
     * @param errno errno
     * @return the exception
     */
    static NativeCallException setupFailure(int errno) {
        String call = "io_uring_setup";
        if (errno == Errnos.ENOSYS) {
            return Native.exception(call, -1, errno, "the kernel has no io_uring (before Linux 5.1, or built without"
                    + " CONFIG_IO_URING), or a seccomp filter refuses io_uring_setup (Docker's default profile does"
                    + " on recent engines); use EPOLL");
        }
        if (errno == Errnos.EPERM) {
            return Native.exception(call, -1, errno, disabledHint(readDisabledSysctl()));
        }
        return Native.exception(call, -1, errno);
    }

    /**
     * @param sysctl the value of kernel.io_uring_disabled, or null if unreadable
     * @return what EPERM from io_uring_setup means with that value
     */
    static String disabledHint(String sysctl) {
        if ("2".equals(sysctl)) {
            return "io_uring is disabled for every process (sysctl kernel.io_uring_disabled=2); use EPOLL";
        }
        if ("1".equals(sysctl)) {
            return "io_uring is restricted to processes with CAP_SYS_ADMIN or in the group kernel.io_uring_group"
                    + " (sysctl kernel.io_uring_disabled=1); use EPOLL";
        }
        return "a seccomp filter or a security module refuses io_uring_setup (kernel.io_uring_disabled is "
                + (sysctl == null ? "unreadable" : sysctl) + "); use EPOLL";
    }

    private static String readDisabledSysctl() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
