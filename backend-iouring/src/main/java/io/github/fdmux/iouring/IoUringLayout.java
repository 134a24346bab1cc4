package io.github.fdmux.iouring;

/**
 * Where the fields of the io_uring structures are, all from {@code include/uapi/linux/io_uring.h}
 * (and {@code include/uapi/linux/time_types.h} for the timespec of IORING_OP_TIMEOUT). The structures are made of fixed
 * width {@code __u8..__u64} fields laid out without holes, so the offsets are the same on every
 * 64-bit little-endian architecture (x86_64 and aarch64 here); the sizes are checked against the
 * header's in the unit test.
 */
final class IoUringLayout {
    private IoUringLayout() {
    }

    // struct io_uring_params
    /** {@code sizeof(struct io_uring_params)} = 120. */
    static final int PARAMS_SIZE = 120;
    /** {@code __u32 sq_entries}. */
    static final int PARAMS_SQ_ENTRIES = 0;
    /** {@code __u32 cq_entries}. */
    static final int PARAMS_CQ_ENTRIES = 4;
    /** {@code __u32 flags}. */
    static final int PARAMS_FLAGS = 8;
    /** {@code __u32 features}, after sq_thread_cpu (12) and sq_thread_idle (16). */
    static final int PARAMS_FEATURES = 20;
    /** {@code struct io_sqring_offsets sq_off}, after wq_fd (24) and resv[3] (28..39). */
    static final int PARAMS_SQ_OFF = 40;
    /** {@code struct io_cqring_offsets cq_off}, after the 40-byte sq_off. */
    static final int PARAMS_CQ_OFF = 80;

    // struct io_sqring_offsets (40 bytes): head, tail, ring_mask, ring_entries, flags, dropped, array, resv1, user_addr
    /** {@code sq_off.head}. */
    static final int SQ_OFF_HEAD = 0;
    /** {@code sq_off.tail}. */
    static final int SQ_OFF_TAIL = 4;
    /** {@code sq_off.ring_mask}. */
    static final int SQ_OFF_RING_MASK = 8;
    /** {@code sq_off.ring_entries}. */
    static final int SQ_OFF_RING_ENTRIES = 12;
    /** {@code sq_off.flags}. */
    static final int SQ_OFF_FLAGS = 16;
    /** {@code sq_off.array}. */
    static final int SQ_OFF_ARRAY = 24;

    // struct io_cqring_offsets (40 bytes): head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1, user_addr
    /** {@code cq_off.head}. */
    static final int CQ_OFF_HEAD = 0;
    /** {@code cq_off.tail}. */
    static final int CQ_OFF_TAIL = 4;
    /** {@code cq_off.ring_mask}. */
    static final int CQ_OFF_RING_MASK = 8;
    /** {@code cq_off.ring_entries}. */
    static final int CQ_OFF_RING_ENTRIES = 12;
    /** {@code cq_off.overflow}. */
    static final int CQ_OFF_OVERFLOW = 16;
    /** {@code cq_off.cqes}. */
    static final int CQ_OFF_CQES = 20;

    // struct io_uring_sqe (64 bytes)
    /** {@code sizeof(struct io_uring_sqe)} = 64 (without IORING_SETUP_SQE128). */
    static final int SQE_SIZE = 64;
    /** {@code __u8 opcode}. */
    static final int SQE_OPCODE = 0;
    /** {@code __u8 flags} (IOSQE_*). */
    static final int SQE_FLAGS = 1;
    /** {@code __u16 ioprio}. */
    static final int SQE_IOPRIO = 2;
    /** {@code __s32 fd}. */
    static final int SQE_FD = 4;
    /** {@code union { __u64 off; __u64 addr2; ... }}. */
    static final int SQE_OFF = 8;
    /** {@code union { __u64 addr; ... }}: for POLL_REMOVE the user_data of the request to remove. */
    static final int SQE_ADDR = 16;
    /** {@code __u32 len}: for POLL_ADD the IORING_POLL_* flags. */
    static final int SQE_LEN = 24;
    /** {@code union { ... __u32 poll32_events; ... }} (little-endian: poll32_events as is). */
    static final int SQE_POLL32_EVENTS = 28;
    /** {@code __u64 user_data}. */
    static final int SQE_USER_DATA = 32;
    /** {@code __u16 buf_index}, {@code __u16 personality}, {@code __s32 splice_fd_in}, {@code __u64 addr3}, {@code __u64 __pad2[1]}. */
    static final int SQE_TAIL_FIELDS = 40;

    // struct io_uring_cqe (16 bytes without IORING_SETUP_CQE32)
    /** {@code sizeof(struct io_uring_cqe)} = 16. */
    static final int CQE_SIZE = 16;
    /** {@code __u64 user_data}. */
    static final int CQE_USER_DATA = 0;
    /** {@code __s32 res}. */
    static final int CQE_RES = 8;
    /** {@code __u32 flags} (IORING_CQE_F_*). */
    static final int CQE_FLAGS = 12;

    // struct __kernel_timespec (include/uapi/linux/time_types.h): __kernel_time64_t tv_sec; long long tv_nsec
    /** {@code sizeof(struct __kernel_timespec)} = 16. */
    static final int TIMESPEC_SIZE = 16;
    /** {@code tv_sec}. */
    static final int TIMESPEC_SEC = 0;
    /** {@code tv_nsec}. */
    static final int TIMESPEC_NSEC = 8;

    /**
     * @param sqRingEntries sq_entries from the params
     * @param sqArrayOffset sq_off.array
     * @return bytes to map for the SQ ring (io_uring_setup(2): {@code sq_off.array + sq_entries * sizeof(__u32)})
     */
    static long sqRingSize(int sqRingEntries, int sqArrayOffset) {
        return sqArrayOffset + (long) sqRingEntries * Integer.BYTES;
    }

    /**
     * @param cqRingEntries cq_entries from the params
     * @param cqesOffset cq_off.cqes
     * @return bytes to map for the CQ ring (io_uring_setup(2): {@code cq_off.cqes + cq_entries * sizeof(struct io_uring_cqe)})
     */
    static long cqRingSize(int cqRingEntries, int cqesOffset) {
        return cqesOffset + (long) cqRingEntries * CQE_SIZE;
    }
}
