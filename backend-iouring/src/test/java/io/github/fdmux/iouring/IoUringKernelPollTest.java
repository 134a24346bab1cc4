package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.unix.LinuxConstants;
import io.github.fdmux.unix.Native;
import org.junit.jupiter.api.Test;

/**
 * The kernel behaviours the mode design rests on, observed on the raw ring (docs/backends/io_uring.md,
 * "Modes"): a multishot POLL_ADD of a ready fd reports once and then only on new wakeups, and
 * IORING_POLL_ADD_LEVEL does not change that, so multishot cannot give LEVEL's "reported by every
 * poll"; a single-shot POLL_ADD of a ready fd completes at once, which is what the LEVEL emulation uses.
 */
class IoUringKernelPollTest {
    private static final long ADD = 7;

    @Test
    void multishotReportsAReadyFdOnceThenOnlyOnNewWakeups() throws Exception {
        IoUringNative nat = IoUringNative.get();
        assumeTrue(nat.availability().available(), () -> "IO_URING unavailable: " + nat.availability().reason());
        assumeTrue(nat.multishot(), nat.multishotReason());
        assertEquals("reported 1 when armed, then 0", observe(nat, IoUringConstants.IORING_POLL_ADD_MULTI));
    }

    /**
     * IORING_POLL_ADD_LEVEL cannot make multishot poll LEVEL: the kernel either refuses the flag on
     * POLL_ADD (EINVAL; observed on Linux 6.18) or, taking it, still reports a ready fd only once
     * without a new wakeup. Fails if a kernel ever repeats - then LEVEL could be native.
     */
    @Test
    void theLevelFlagDoesNotMakeMultishotRepeat() throws Exception {
        IoUringNative nat = IoUringNative.get();
        assumeTrue(nat.availability().available(), () -> "IO_URING unavailable: " + nat.availability().reason());
        assumeTrue(nat.multishot(), nat.multishotReason());
        for (int flags : new int[] {IoUringConstants.IORING_POLL_ADD_LEVEL,
            IoUringConstants.IORING_POLL_ADD_MULTI | IoUringConstants.IORING_POLL_ADD_LEVEL}) {
            String seen = observe(nat, flags);
            System.out.println("POLL_ADD flags " + flags + " on a readable eventfd: " + seen);
            assertTrue(seen.equals("refused: EINVAL") || seen.endsWith("then 0"), seen);
        }
    }

    /** A POLL_ADD with these flags on a readable eventfd, then five io_uring_enters without a new write. */
    private static String observe(IoUringNative nat, int flags) throws Exception {
        try (IoUringRing ring = IoUringRing.open(nat.lib(), nat.fast(), nat.nr(), 4, 8)) {
            int efd = readableEventFd();
            try {
                ring.pollAdd(efd, LinuxConstants.POLLIN, flags, ADD);
                assertTrue(ring.enter(1, 1, IoUringConstants.IORING_ENTER_GETEVENTS) >= 0, "io_uring_enter");
                int res = ring.cqReady() > 0 ? ring.cqeRes(0) : 0;
                int first = drainPollCompletions(ring);
                if (first == -1) {
                    return "refused: " + Native.errnoName(-res);
                }
                int later = 0;
                for (int i = 0; i < 5; i++) {
                    assertTrue(ring.enter(0, 0, IoUringConstants.IORING_ENTER_GETEVENTS) >= 0, "io_uring_enter");
                    later += Math.max(0, drainPollCompletions(ring));
                }
                return "reported " + first + " when armed, then " + later;
            } finally {
                Native.libc().close(efd);
            }
        }
    }

    @Test
    void aSingleShotPollAddOfAReadyFdCompletesDuringItsSubmission() throws Exception {
        IoUringNative nat = IoUringNative.get();
        assumeTrue(nat.availability().available(), () -> "IO_URING unavailable: " + nat.availability().reason());
        try (IoUringRing ring = IoUringRing.open(nat.lib(), nat.fast(), nat.nr(), 4, 8)) {
            int efd = readableEventFd();
            try {
                for (int round = 0; round < 3; round++) {
                    ring.pollAdd(efd, LinuxConstants.POLLIN, 0, ADD);
                    assertTrue(ring.enter(1, 0, IoUringConstants.IORING_ENTER_GETEVENTS) >= 0, "io_uring_enter");
                    assertEquals(1, drainPollCompletions(ring), "round " + round + ": completed without waiting");
                }
            } finally {
                Native.libc().close(efd);
            }
        }
    }

    private static int readableEventFd() throws Exception {
        int efd = Native.libc().eventfd(1, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (efd < 0) {
            throw Native.exception("eventfd", -1, Native.errno());
        }
        return efd;
    }

    /** @return completions of {@link #ADD} with a positive mask, or -1 if one failed */
    private static int drainPollCompletions(IoUringRing ring) {
        int n = ring.cqReady();
        int polls = 0;
        boolean failed = false;
        for (int i = 0; i < n; i++) {
            if (ring.cqeUserData(i) == ADD) {
                if (ring.cqeRes(i) > 0) {
                    polls++;
                } else {
                    failed = true;
                }
            }
        }
        ring.cqAdvance(n);
        return failed ? -1 : polls;
    }
}
