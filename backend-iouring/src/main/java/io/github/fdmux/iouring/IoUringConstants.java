package io.github.fdmux.iouring;

import java.util.Locale;

/**
 * Every io_uring number this backend uses, each with where it comes from. The system call numbers
 * are per architecture; everything else is from {@code include/uapi/linux/io_uring.h} and is the
 * same on every architecture. Only x86_64 and aarch64 are supported: {@link #syscalls(String)}
 * refuses the others with a message rather than guess.
 */
final class IoUringConstants {
    private IoUringConstants() {
    }

    /**
     * The three io_uring system call numbers of one architecture.
     *
     * @param arch     the architecture's name
     * @param setup    {@code __NR_io_uring_setup}
     * @param enter    {@code __NR_io_uring_enter}
     * @param register {@code __NR_io_uring_register}
     * @param mmap     {@code __NR_mmap}
     * @param munmap   {@code __NR_munmap}
     * @param source   the kernel file the numbers come from
     */
    record Syscalls(String arch, long setup, long enter, long register, long mmap, long munmap, String source) {
    }

    /**
     * x86_64: {@code arch/x86/entry/syscalls/syscall_64.tbl}, lines
     * {@code 425 common io_uring_setup}, {@code 426 common io_uring_enter},
     * {@code 427 common io_uring_register} (since Linux 5.1), {@code 9 common mmap},
     * {@code 11 common munmap}.
     */
    static final Syscalls X86_64 = new Syscalls("x86_64", 425, 426, 427, 9, 11,
            "arch/x86/entry/syscalls/syscall_64.tbl (425 io_uring_setup, 426 io_uring_enter, 427 io_uring_register,"
                    + " 9 mmap, 11 munmap)");

    /**
     * aarch64 uses the generic table: {@code include/uapi/asm-generic/unistd.h},
     * {@code #define __NR_io_uring_setup 425}, {@code __NR_io_uring_enter 426},
     * {@code __NR_io_uring_register 427} (since Linux 5.1), {@code __NR3264_mmap 222},
     * {@code __NR_munmap 215}.
     */
    static final Syscalls AARCH64 = new Syscalls("aarch64", 425, 426, 427, 222, 215,
            "include/uapi/asm-generic/unistd.h (__NR_io_uring_setup 425, __NR_io_uring_enter 426,"
                    + " __NR_io_uring_register 427, __NR3264_mmap 222, __NR_munmap 215)");

    /**
     * The numbers for an architecture.
     *
     * @param osArch the {@code os.arch} value
     * @return its numbers
     * @throws UnsupportedOperationException for an architecture whose numbers this backend does not carry
     */
    static Syscalls syscalls(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "aarch64":
            case "arm64":
                return AARCH64;
            default:
                throw new UnsupportedOperationException("IO_URING supports x86_64 and aarch64 only (their system call"
                        + " numbers are in IoUringConstants, from the kernel's tables); this JVM's os.arch is '"
                        + osArch + "'");
        }
    }

    // ------------------------------------------------------------------ include/uapi/linux/io_uring.h

    /** {@code IORING_SETUP_CQSIZE} (1U &lt;&lt; 3): {@code cq_entries} in the params is honoured (Linux 5.5). */
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** {@code IORING_SETUP_CLAMP} (1U &lt;&lt; 4): clamp the entry counts to the maximum instead of EINVAL (Linux 5.6). */
    static final int IORING_SETUP_CLAMP = 1 << 4;

    /** {@code IORING_FEAT_SINGLE_MMAP} (1U &lt;&lt; 0): both rings in one mapping (Linux 5.4). */
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    /** {@code IORING_FEAT_NODROP} (1U &lt;&lt; 1): completions beyond the CQ ring are kept, never dropped (Linux 5.5). */
    static final int IORING_FEAT_NODROP = 1 << 1;

    /** {@code IORING_OFF_SQ_RING} (0ULL): mmap offset of the SQ ring (and, with SINGLE_MMAP, the CQ ring). */
    static final long IORING_OFF_SQ_RING = 0L;
    /** {@code IORING_OFF_SQES} (0x10000000ULL): mmap offset of the SQE array. */
    static final long IORING_OFF_SQES = 0x10000000L;

    /** {@code IORING_OP_POLL_ADD} = 6 (enum io_uring_op). */
    static final int IORING_OP_POLL_ADD = 6;
    /** {@code IORING_OP_POLL_REMOVE} = 7 (enum io_uring_op). */
    static final int IORING_OP_POLL_REMOVE = 7;

    /** {@code IORING_OP_TIMEOUT} = 11 (enum io_uring_op): a timer, or "count completions", whichever first (Linux 5.4). */
    static final int IORING_OP_TIMEOUT = 11;

    /** {@code IORING_POLL_ADD_MULTI} (1U &lt;&lt; 0), in sqe->len of POLL_ADD: multishot (Linux 5.13). */
    static final int IORING_POLL_ADD_MULTI = 1;
    /**
     * {@code IORING_POLL_ADD_LEVEL} (1U &lt;&lt; 3): "level triggered poll" in the uapi header. Not used:
     * IORING_OP_POLL_ADD answers EINVAL to it, alone or with MULTI, on Linux 6.18 (observed by
     * IoUringKernelPollTest).
     */
    static final int IORING_POLL_ADD_LEVEL = 1 << 3;

    /** {@code IORING_CQE_F_MORE} (1U &lt;&lt; 1): the multishot request stays armed after this completion. */
    static final int IORING_CQE_F_MORE = 1 << 1;

    /** {@code IORING_SQ_CQ_OVERFLOW} (1U &lt;&lt; 1) in the SQ ring's flags: completions wait in the overflow list. */
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;

    /** {@code IORING_ENTER_GETEVENTS} (1U &lt;&lt; 0): wait for min_complete completions. */
    static final int IORING_ENTER_GETEVENTS = 1;

    // poll bits: io_uring takes and returns epoll_event.events bits, the POLL* of unix.LinuxConstants.

    // ------------------------------------------------------------------ mmap (include/uapi/asm-generic/mman-common.h)

    /** {@code PROT_READ | PROT_WRITE} = 0x1 | 0x2. */
    static final int PROT_READ_WRITE = 0x3;
    /** {@code MAP_SHARED} = 0x01 (include/uapi/linux/mman.h). */
    static final int MAP_SHARED = 0x01;
    /** {@code MAP_POPULATE} = 0x008000 (asm-generic/mman.h; x86 and arm64 use the generic value). */
    static final int MAP_POPULATE = 0x8000;

    /**
     * @param feature an IORING_FEAT_* bit this backend needs
     * @return its name and the kernel that brought it, for messages
     */
    static String featureName(int feature) {
        switch (feature) {
            case IORING_FEAT_SINGLE_MMAP: return "IORING_FEAT_SINGLE_MMAP (Linux 5.4)";
            case IORING_FEAT_NODROP: return "IORING_FEAT_NODROP (Linux 5.5)";
            default: return "feature 0x" + Integer.toHexString(feature);
        }
    }

    /**
     * The features without which this backend refuses to run, in the order they arrived. (EXT_ARG is
     * not one: timeouts are IORING_OP_TIMEOUT requests, see IoUringPoller.)
     */
    static final int[] REQUIRED_FEATURES = {IORING_FEAT_SINGLE_MMAP, IORING_FEAT_NODROP};
}
