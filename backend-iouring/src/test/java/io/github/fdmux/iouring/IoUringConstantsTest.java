package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The numbers against the kernel's tables and headers; runs on any host. */
class IoUringConstantsTest {

    @Test
    void x86_64NumbersAreThoseOfSyscall64Tbl() {
        IoUringConstants.Syscalls n = IoUringConstants.syscalls("amd64");
        assertSame(IoUringConstants.X86_64, n);
        assertSame(n, IoUringConstants.syscalls("x86_64"));
        assertEquals(425, n.setup());
        assertEquals(426, n.enter());
        assertEquals(427, n.register());
        assertEquals(9, n.mmap());
        assertEquals(11, n.munmap());
        assertTrue(n.source().contains("syscall_64.tbl"), n.source());
    }

    @Test
    void aarch64NumbersAreThoseOfTheGenericTable() {
        IoUringConstants.Syscalls n = IoUringConstants.syscalls("aarch64");
        assertSame(IoUringConstants.AARCH64, n);
        assertSame(n, IoUringConstants.syscalls("arm64"));
        assertEquals(425, n.setup());
        assertEquals(426, n.enter());
        assertEquals(427, n.register());
        assertEquals(222, n.mmap());
        assertEquals(215, n.munmap());
        assertTrue(n.source().contains("asm-generic/unistd.h"), n.source());
    }

    @Test
    void otherArchitecturesAreRefusedByName() {
        for (String arch : new String[] {"x86", "i386", "arm", "riscv64", "ppc64le", "s390x", "mips64el", "alpha"}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> IoUringConstants.syscalls(arch));
            assertTrue(e.getMessage().contains("'" + arch + "'") && e.getMessage().contains("x86_64 and aarch64"),
                    e.getMessage());
        }
    }

    @Test
    void uapiValues() {
        // include/uapi/linux/io_uring.h
        assertEquals(6, IoUringConstants.IORING_OP_POLL_ADD);
        assertEquals(7, IoUringConstants.IORING_OP_POLL_REMOVE);
        assertEquals(11, IoUringConstants.IORING_OP_TIMEOUT);
        assertEquals(0x1, IoUringConstants.IORING_POLL_ADD_MULTI);
        assertEquals(0x8, IoUringConstants.IORING_POLL_ADD_LEVEL);
        assertEquals(0x2, IoUringConstants.IORING_CQE_F_MORE);
        assertEquals(0x2, IoUringConstants.IORING_SQ_CQ_OVERFLOW);
        assertEquals(0x1, IoUringConstants.IORING_ENTER_GETEVENTS);
        assertEquals(0x8, IoUringConstants.IORING_SETUP_CQSIZE);
        assertEquals(0x10, IoUringConstants.IORING_SETUP_CLAMP);
        assertEquals(0x1, IoUringConstants.IORING_FEAT_SINGLE_MMAP);
        assertEquals(0x2, IoUringConstants.IORING_FEAT_NODROP);
        assertEquals(0L, IoUringConstants.IORING_OFF_SQ_RING);
        assertEquals(0x10000000L, IoUringConstants.IORING_OFF_SQES);
        // (the poll bits: unix LinuxPollBitsTest)
        // asm-generic/mman-common.h, linux/mman.h
        assertEquals(0x3, IoUringConstants.PROT_READ_WRITE);
        assertEquals(0x1, IoUringConstants.MAP_SHARED);
        assertEquals(0x8000, IoUringConstants.MAP_POPULATE);
    }

    @Test
    void requiredFeaturesAreNamedWithTheirKernel() {
        for (int f : IoUringConstants.REQUIRED_FEATURES) {
            assertTrue(IoUringConstants.featureName(f).matches("IORING_FEAT_\\w+ \\(Linux 5\\.\\d+\\)"),
                    IoUringConstants.featureName(f));
        }
    }
}
