package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jnr.constants.platform.linux.OpenFlags;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The layouts and constants of Linux's source fds, checked on any host: {@code struct itimerspec}
 * for both timespec layouts, and the flags against jnr-constants' Linux tables (generated from the
 * glibc headers), which hold for every host since they are Linux's, not this system's.
 */
class LinuxSourceLayoutTest {

    @Test
    void itimerspecIsTwoTimespecsIntervalFirst() {
        assertEquals(32, TimerSpec.size(Timespec.Layout.LP64));
        assertEquals(16, TimerSpec.valueOffset(Timespec.Layout.LP64));
        assertEquals(16, TimerSpec.size(Timespec.Layout.ILP32));
        assertEquals(8, TimerSpec.valueOffset(Timespec.Layout.ILP32));
        assertEquals(0, TimerSpec.intervalOffset());
    }

    @Test
    void lp64FieldsAreExactAndUncapped() {
        try (NativeBuffer b = NativeBuffer.allocate(32)) {
            TimerSpec spec = new TimerSpec(b, Timespec.Layout.LP64);
            long hundredYears = 36_525L * 86_400 * 1_000_000_000L;
            Pointer p = spec.set(hundredYears + 7, 1_500_000_000L);
            assertNotNull(p);
            assertEquals(1, p.getLong(0), "it_interval.tv_sec");
            assertEquals(500_000_000L, p.getLong(8), "it_interval.tv_nsec");
            assertEquals(36_525L * 86_400, p.getLong(16), "it_value.tv_sec: not capped as a wait's is");
            assertEquals(7, p.getLong(24), "it_value.tv_nsec");
        }
    }

    @Test
    void aFirstExpiryOfZeroIsOneNanosecondSinceZeroDisarms() {
        try (NativeBuffer b = NativeBuffer.allocate(32)) {
            Pointer p = new TimerSpec(b, Timespec.Layout.LP64).set(0, 0);
            assertEquals(0, p.getLong(0));
            assertEquals(0, p.getLong(8));
            assertEquals(0, p.getLong(16));
            assertEquals(1, p.getLong(24));
        }
    }

    @Test
    void ilp32TakesWhatA32BitTimeTHoldsAndRefusesMore() {
        try (NativeBuffer b = NativeBuffer.allocate(16)) {
            TimerSpec spec = new TimerSpec(b, Timespec.Layout.ILP32);
            Pointer p = spec.set(2_000_000_001L, 3L);
            assertEquals(0, p.getInt(0));
            assertEquals(3, p.getInt(4));
            assertEquals(2, p.getInt(8));
            assertEquals(1, p.getInt(12));
            assertNull(spec.set((Integer.MAX_VALUE + 1L) * 1_000_000_000L, 0), "beyond 2^31 s: emulated instead");
        }
    }

    @Test
    void aBufferTooSmallIsRefused() {
        try (NativeBuffer b = NativeBuffer.allocate(16)) {
            assertThrows(IllegalArgumentException.class, () -> new TimerSpec(b, Timespec.Layout.LP64));
        }
    }

    @Test
    void flagsAreLinuxsOpenFlags() {
        assertEquals(OpenFlags.O_CLOEXEC.intValue(), LinuxConstants.TFD_CLOEXEC);
        assertEquals(OpenFlags.O_NONBLOCK.intValue(), LinuxConstants.TFD_NONBLOCK);
        assertEquals(OpenFlags.O_CLOEXEC.intValue(), LinuxConstants.SFD_CLOEXEC);
        assertEquals(OpenFlags.O_NONBLOCK.intValue(), LinuxConstants.SFD_NONBLOCK);
        assertEquals(OpenFlags.O_CLOEXEC.intValue(), LinuxConstants.EFD_CLOEXEC);
        assertEquals(OpenFlags.O_NONBLOCK.intValue(), LinuxConstants.EFD_NONBLOCK);
    }

    @Test
    void pidfdOpenIsTheUnifiedNumberAndWorksOnThisKernelIfItIsLinux53OrLater() {
        // Linux 5.1 gave every new system call one number on all architectures: 424 pidfd_send_signal,
        // 425-427 io_uring, 428-433 the mount API, 434 pidfd_open (include/uapi/asm-generic/unistd.h).
        assertEquals(434, LinuxConstants.SYS_PIDFD_OPEN);
        if (Native.isLinux() && Native.isLoaded() && kernelAtLeast(5, 3)) {
            int fd = (int) Native.libc().syscall(LinuxConstants.SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0);
            int err = fd < 0 ? Native.errno() : 0;
            if (fd >= 0) {
                Native.libc().close(fd);
            }
            assertEquals("0", fd >= 0 ? "0" : Native.errnoName(err), "pidfd_open(getpid()) on Linux "
                    + System.getProperty("os.version") + " (EPERM would be a seccomp filter)");
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version", "0.0").split("[.\\-]");
        try {
            int ma = Integer.parseInt(v[0]);
            int mi = Integer.parseInt(v[1]);
            return ma > major || ma == major && mi >= minor;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
