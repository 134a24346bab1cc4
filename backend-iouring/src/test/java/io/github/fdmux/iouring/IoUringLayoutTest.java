package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The offsets against the structures of include/uapi/linux/io_uring.h, field by field: each offset
 * is the previous one plus the previous field's size, and the totals are the header's sizes. Runs
 * on any host.
 */
class IoUringLayoutTest {

    @Test
    void ioUringParams() {
        // __u32 sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3]
        assertEquals(0, IoUringLayout.PARAMS_SQ_ENTRIES);
        assertEquals(4, IoUringLayout.PARAMS_CQ_ENTRIES);
        assertEquals(8, IoUringLayout.PARAMS_FLAGS);
        assertEquals(5 * 4, IoUringLayout.PARAMS_FEATURES);
        assertEquals(7 * 4 + 3 * 4, IoUringLayout.PARAMS_SQ_OFF);
        assertEquals(IoUringLayout.PARAMS_SQ_OFF + 40, IoUringLayout.PARAMS_CQ_OFF);
        assertEquals(IoUringLayout.PARAMS_CQ_OFF + 40, IoUringLayout.PARAMS_SIZE);
        assertEquals(120, IoUringLayout.PARAMS_SIZE);
    }

    @Test
    void ringOffsets() {
        // struct io_sqring_offsets: __u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1; __u64 user_addr
        assertEquals(0, IoUringLayout.SQ_OFF_HEAD);
        assertEquals(4, IoUringLayout.SQ_OFF_TAIL);
        assertEquals(8, IoUringLayout.SQ_OFF_RING_MASK);
        assertEquals(12, IoUringLayout.SQ_OFF_RING_ENTRIES);
        assertEquals(16, IoUringLayout.SQ_OFF_FLAGS);
        assertEquals(24, IoUringLayout.SQ_OFF_ARRAY);
        // struct io_cqring_offsets: __u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1; __u64 user_addr
        assertEquals(0, IoUringLayout.CQ_OFF_HEAD);
        assertEquals(4, IoUringLayout.CQ_OFF_TAIL);
        assertEquals(8, IoUringLayout.CQ_OFF_RING_MASK);
        assertEquals(12, IoUringLayout.CQ_OFF_RING_ENTRIES);
        assertEquals(16, IoUringLayout.CQ_OFF_OVERFLOW);
        assertEquals(20, IoUringLayout.CQ_OFF_CQES);
    }

    @Test
    void sqeAndCqe() {
        // __u8 opcode, __u8 flags, __u16 ioprio, __s32 fd, __u64 off, __u64 addr, __u32 len, __u32 poll32_events,
        // __u64 user_data, then 24 bytes (buf_index, personality, splice_fd_in, addr3, __pad2[1])
        assertEquals(0, IoUringLayout.SQE_OPCODE);
        assertEquals(1, IoUringLayout.SQE_FLAGS);
        assertEquals(2, IoUringLayout.SQE_IOPRIO);
        assertEquals(4, IoUringLayout.SQE_FD);
        assertEquals(8, IoUringLayout.SQE_OFF);
        assertEquals(16, IoUringLayout.SQE_ADDR);
        assertEquals(24, IoUringLayout.SQE_LEN);
        assertEquals(28, IoUringLayout.SQE_POLL32_EVENTS);
        assertEquals(32, IoUringLayout.SQE_USER_DATA);
        assertEquals(40, IoUringLayout.SQE_TAIL_FIELDS);
        assertEquals(IoUringLayout.SQE_TAIL_FIELDS + 2 + 2 + 4 + 8 + 8, IoUringLayout.SQE_SIZE);
        // __u64 user_data, __s32 res, __u32 flags
        assertEquals(0, IoUringLayout.CQE_USER_DATA);
        assertEquals(8, IoUringLayout.CQE_RES);
        assertEquals(12, IoUringLayout.CQE_FLAGS);
        assertEquals(16, IoUringLayout.CQE_SIZE);
    }

    @Test
    void kernelTimespec() {
        assertEquals(0, IoUringLayout.TIMESPEC_SEC);
        assertEquals(8, IoUringLayout.TIMESPEC_NSEC);
        assertEquals(16, IoUringLayout.TIMESPEC_SIZE);
    }

    @Test
    void mappingSizesFollowIoUringSetup2() {
        assertEquals(192 + 256 * 4, IoUringLayout.sqRingSize(256, 192));
        assertEquals(64 + 4096 * 16, IoUringLayout.cqRingSize(4096, 64));
    }
}
