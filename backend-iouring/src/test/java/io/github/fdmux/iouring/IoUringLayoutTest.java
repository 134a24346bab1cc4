package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offsets against the structures of include/uapi/linux/io_uring.h, field by field: each offset
 * is the previous one plus the previous field's size, and the totals are the header's sizes. Runs
 * on any host.
 */
class IoUringLayoutTest {

    /** @return each field as the header names it, its offset (or size) in IoUringLayout, and the header's */
    static Stream<Arguments> fields() {
        return Stream.of(
                // struct io_uring_params: __u32 sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle,
                // features, wq_fd, resv[3]; struct io_sqring_offsets sq_off; struct io_cqring_offsets cq_off
                arguments("io_uring_params.sq_entries", IoUringLayout.PARAMS_SQ_ENTRIES, 0),
                arguments("io_uring_params.cq_entries", IoUringLayout.PARAMS_CQ_ENTRIES, 4),
                arguments("io_uring_params.flags", IoUringLayout.PARAMS_FLAGS, 8),
                arguments("io_uring_params.features", IoUringLayout.PARAMS_FEATURES, 5 * 4),
                arguments("io_uring_params.sq_off", IoUringLayout.PARAMS_SQ_OFF, 7 * 4 + 3 * 4),
                arguments("io_uring_params.cq_off (sq_off + sizeof(struct io_sqring_offsets))",
                        IoUringLayout.PARAMS_CQ_OFF, IoUringLayout.PARAMS_SQ_OFF + 40),
                arguments("sizeof(struct io_uring_params) (cq_off + sizeof(struct io_cqring_offsets))",
                        IoUringLayout.PARAMS_SIZE, IoUringLayout.PARAMS_CQ_OFF + 40),
                arguments("sizeof(struct io_uring_params)", IoUringLayout.PARAMS_SIZE, 120),
                // struct io_sqring_offsets: __u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
                // __u64 user_addr
                arguments("io_sqring_offsets.head", IoUringLayout.SQ_OFF_HEAD, 0),
                arguments("io_sqring_offsets.tail", IoUringLayout.SQ_OFF_TAIL, 4),
                arguments("io_sqring_offsets.ring_mask", IoUringLayout.SQ_OFF_RING_MASK, 8),
                arguments("io_sqring_offsets.ring_entries", IoUringLayout.SQ_OFF_RING_ENTRIES, 12),
                arguments("io_sqring_offsets.flags", IoUringLayout.SQ_OFF_FLAGS, 16),
                arguments("io_sqring_offsets.array", IoUringLayout.SQ_OFF_ARRAY, 24),
                // struct io_cqring_offsets: __u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
                // __u64 user_addr
                arguments("io_cqring_offsets.head", IoUringLayout.CQ_OFF_HEAD, 0),
                arguments("io_cqring_offsets.tail", IoUringLayout.CQ_OFF_TAIL, 4),
                arguments("io_cqring_offsets.ring_mask", IoUringLayout.CQ_OFF_RING_MASK, 8),
                arguments("io_cqring_offsets.ring_entries", IoUringLayout.CQ_OFF_RING_ENTRIES, 12),
                arguments("io_cqring_offsets.overflow", IoUringLayout.CQ_OFF_OVERFLOW, 16),
                arguments("io_cqring_offsets.cqes", IoUringLayout.CQ_OFF_CQES, 20),
                // struct io_uring_sqe: __u8 opcode, __u8 flags, __u16 ioprio, __s32 fd, __u64 off, __u64 addr,
                // __u32 len, __u32 poll32_events, __u64 user_data, then 24 bytes (__u16 buf_index,
                // __u16 personality, __s32 splice_fd_in, __u64 addr3, __u64 __pad2[1])
                arguments("io_uring_sqe.opcode", IoUringLayout.SQE_OPCODE, 0),
                arguments("io_uring_sqe.flags", IoUringLayout.SQE_FLAGS, 1),
                arguments("io_uring_sqe.ioprio", IoUringLayout.SQE_IOPRIO, 2),
                arguments("io_uring_sqe.fd", IoUringLayout.SQE_FD, 4),
                arguments("io_uring_sqe.off", IoUringLayout.SQE_OFF, 8),
                arguments("io_uring_sqe.addr", IoUringLayout.SQE_ADDR, 16),
                arguments("io_uring_sqe.len", IoUringLayout.SQE_LEN, 24),
                arguments("io_uring_sqe.poll32_events", IoUringLayout.SQE_POLL32_EVENTS, 28),
                arguments("io_uring_sqe.user_data", IoUringLayout.SQE_USER_DATA, 32),
                arguments("io_uring_sqe.buf_index (the tail fields)", IoUringLayout.SQE_TAIL_FIELDS, 40),
                arguments("sizeof(struct io_uring_sqe)", IoUringLayout.SQE_SIZE,
                        IoUringLayout.SQE_TAIL_FIELDS + 2 + 2 + 4 + 8 + 8),
                // struct io_uring_cqe: __u64 user_data, __s32 res, __u32 flags
                arguments("io_uring_cqe.user_data", IoUringLayout.CQE_USER_DATA, 0),
                arguments("io_uring_cqe.res", IoUringLayout.CQE_RES, 8),
                arguments("io_uring_cqe.flags", IoUringLayout.CQE_FLAGS, 12),
                arguments("sizeof(struct io_uring_cqe)", IoUringLayout.CQE_SIZE, 16),
                // struct __kernel_timespec (include/uapi/linux/time_types.h): __kernel_time64_t tv_sec; long long tv_nsec
                arguments("__kernel_timespec.tv_sec", IoUringLayout.TIMESPEC_SEC, 0),
                arguments("__kernel_timespec.tv_nsec", IoUringLayout.TIMESPEC_NSEC, 8),
                arguments("sizeof(struct __kernel_timespec)", IoUringLayout.TIMESPEC_SIZE, 16));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("fields")
    void eachOffsetAndSizeIsTheHeaders(String field, int ours, int headers) {
        assertEquals(headers, ours, field);
    }

    @Test
    void mappingSizesFollowIoUringSetup2() {
        assertEquals(192 + 256 * 4, IoUringLayout.sqRingSize(256, 192));
        assertEquals(64 + 4096 * 16, IoUringLayout.cqRingSize(4096, 64));
    }
}
