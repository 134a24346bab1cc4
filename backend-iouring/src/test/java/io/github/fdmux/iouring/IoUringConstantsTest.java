package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The numbers against the kernel's tables and headers; runs on any host. */
class IoUringConstantsTest {

    /** @return each name os.arch may give, its table, the file that table is from, and the numbers in it */
    static Stream<Arguments> architectures() {
        return Stream.of(
                // arch/x86/entry/syscalls/syscall_64.tbl
                arguments("amd64", IoUringConstants.X86_64, "syscall_64.tbl", 425, 426, 427, 9, 11),
                arguments("x86_64", IoUringConstants.X86_64, "syscall_64.tbl", 425, 426, 427, 9, 11),
                // include/uapi/asm-generic/unistd.h (arm64 has no table of its own)
                arguments("aarch64", IoUringConstants.AARCH64, "asm-generic/unistd.h", 425, 426, 427, 222, 215),
                arguments("arm64", IoUringConstants.AARCH64, "asm-generic/unistd.h", 425, 426, 427, 222, 215));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("architectures")
    void numbersAreThoseOfTheArchitecturesTable(String arch, IoUringConstants.Syscalls table, String source,
            int setup, int enter, int register, int mmap, int munmap) {
        IoUringConstants.Syscalls n = IoUringConstants.syscalls(arch);
        assertSame(table, n);
        assertEquals(setup, n.setup(), "io_uring_setup");
        assertEquals(enter, n.enter(), "io_uring_enter");
        assertEquals(register, n.register(), "io_uring_register");
        assertEquals(mmap, n.mmap(), "mmap");
        assertEquals(munmap, n.munmap(), "munmap");
        assertTrue(n.source().contains(source), n.source());
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

    /** @return each constant as its header names it, our value, and the header's */
    static Stream<Arguments> uapiValues() {
        return Stream.of(
                // include/uapi/linux/io_uring.h (the poll bits: unix LinuxPollBitsTest)
                arguments("IORING_OP_POLL_ADD", IoUringConstants.IORING_OP_POLL_ADD, 6L),
                arguments("IORING_OP_POLL_REMOVE", IoUringConstants.IORING_OP_POLL_REMOVE, 7L),
                arguments("IORING_OP_TIMEOUT", IoUringConstants.IORING_OP_TIMEOUT, 11L),
                arguments("IORING_POLL_ADD_MULTI", IoUringConstants.IORING_POLL_ADD_MULTI, 0x1L),
                arguments("IORING_POLL_ADD_LEVEL", IoUringConstants.IORING_POLL_ADD_LEVEL, 0x8L),
                arguments("IORING_CQE_F_MORE", IoUringConstants.IORING_CQE_F_MORE, 0x2L),
                arguments("IORING_SQ_CQ_OVERFLOW", IoUringConstants.IORING_SQ_CQ_OVERFLOW, 0x2L),
                arguments("IORING_ENTER_GETEVENTS", IoUringConstants.IORING_ENTER_GETEVENTS, 0x1L),
                arguments("IORING_SETUP_CQSIZE", IoUringConstants.IORING_SETUP_CQSIZE, 0x8L),
                arguments("IORING_SETUP_CLAMP", IoUringConstants.IORING_SETUP_CLAMP, 0x10L),
                arguments("IORING_FEAT_SINGLE_MMAP", IoUringConstants.IORING_FEAT_SINGLE_MMAP, 0x1L),
                arguments("IORING_FEAT_NODROP", IoUringConstants.IORING_FEAT_NODROP, 0x2L),
                arguments("IORING_OFF_SQ_RING", IoUringConstants.IORING_OFF_SQ_RING, 0L),
                arguments("IORING_OFF_SQES", IoUringConstants.IORING_OFF_SQES, 0x10000000L),
                // include/uapi/asm-generic/mman-common.h
                arguments("PROT_READ | PROT_WRITE", IoUringConstants.PROT_READ_WRITE, 0x3L),
                // include/uapi/linux/mman.h
                arguments("MAP_SHARED", IoUringConstants.MAP_SHARED, 0x1L),
                // include/uapi/asm-generic/mman.h (x86 and arm64 use the generic value)
                arguments("MAP_POPULATE", IoUringConstants.MAP_POPULATE, 0x8000L));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("uapiValues")
    void eachConstantIsTheHeaders(String name, Number ours, long headers) {
        assertEquals(headers, ours.longValue(), name);
    }

    @Test
    void requiredFeaturesAreNamedWithTheirKernel() {
        for (int f : IoUringConstants.REQUIRED_FEATURES) {
            assertTrue(IoUringConstants.featureName(f).matches("IORING_FEAT_\\w+ \\(Linux 5\\.\\d+\\)"),
                    IoUringConstants.featureName(f));
        }
    }
}
