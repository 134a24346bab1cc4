package io.github.fdmux.iouring;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Fds;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * More completions than the CQ ring holds, and than a poll's {@link ReadyEvents} holds: every ready
 * registration is still reported (the kernel keeps the excess in its overflow list,
 * IORING_FEAT_NODROP; fdmux consumes no completion it has no room for).
 */
class IoUringOverflowTest {
    private static final int PAIRS = 200;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class)
    void noReadinessLostWhenTheCqRingOverflows(Mode mode) throws Exception {
        IoUringBackendProvider provider = assumeAvailable(new IoUringBackendProvider());
        assumeTrue(provider.capabilities().supports(mode), () -> mode + " unsupported here");
        IoUringNative nat = IoUringNative.get();
        int[][] pairs = new int[PAIRS][];
        try (IoUringPoller p = IoUringPoller.open(IoUringBackendProvider.capabilities(nat), "overflow test", nat, 8, 16)) {
            assertTrue(p.ring().cqEntries() < PAIRS, "CQ ring of " + p.ring().cqEntries());
            Set<Registration> all = new HashSet<>();
            for (int i = 0; i < PAIRS; i++) {
                pairs[i] = Fds.nonBlockingSocketPair();
                all.add(p.register(pairs[i][0], Interest.READ, mode, i));
            }
            for (int[] pair : pairs) {
                Fds.writeBytes(pair[1], 1);
            }
            ReadyEvents ev = new ReadyEvents(7);
            Set<Registration> seen = new HashSet<>();
            boolean overflowed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() < PAIRS && System.nanoTime() < deadline) {
                overflowed |= p.ring().cqOverflowed();
                int n = p.poll(ev, 100, TimeUnit.MILLISECONDS);
                for (int i = 0; i < n; i++) {
                    assertTrue(ev.isReadable(i));
                    seen.add(ev.registration(i));
                }
            }
            assertEquals(all, seen, "every registration reported");
            assertTrue(overflowed, "the CQ ring overflowed (IORING_SQ_CQ_OVERFLOW seen)");
            assertEquals(0, p.ring().cqDropped(), "no completion dropped");
        } finally {
            for (int[] pair : pairs) {
                if (pair != null) {
                    Fds.closeQuietly(pair[0]);
                    Fds.closeQuietly(pair[1]);
                }
            }
        }
    }
}
