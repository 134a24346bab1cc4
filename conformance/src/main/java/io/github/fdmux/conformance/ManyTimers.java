package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertTrue;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.ResourceLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Registers many one-shot timers for the scale behaviours. Where a backend makes each timer a kernel
 * fd (timerfd), RLIMIT_NOFILE is raised toward its hard limit first, and where even that is too low
 * (a container's {@code --ulimit nofile=64}) the timers that fit are used: the failure must be
 * EMFILE, named as such. Each timer's attachment is a {@code long[2]}: System.nanoTime() bounds of
 * its deadline (before and after the registration call, plus its delay).
 */
final class ManyTimers {
    /** Timers cancelled again after EMFILE, so that the rest of the check has fds to spare. */
    private static final int HEADROOM = 16;
    /** Fewer timers than this would not say much about many (a container's nofile=64 leaves room for ~40). */
    static final int MIN = 8;

    private ManyTimers() {
    }

    /**
     * @param p the poller
     * @param wanted how many
     * @param delayNanos the delay of timer {@code i}
     * @return the timers registered, in registration order (index {@code i} has delay {@code delayNanos(i)})
     * @throws IOException on a failure other than running out of fds
     */
    static List<Registration> register(Poller p, int wanted, IntToLongFunction delayNanos) throws IOException {
        ResourceLimits.raiseNoFile(2L * wanted + 1_024);
        List<Registration> timers = new ArrayList<>(wanted);
        try {
            for (int i = 0; i < wanted; i++) {
                long delay = delayNanos.applyAsLong(i);
                long[] bounds = new long[2];
                bounds[0] = System.nanoTime() + delay;
                timers.add(p.registerTimer(Duration.ofNanos(delay), Duration.ZERO, bounds));
                bounds[1] = System.nanoTime() + delay;
            }
            return timers;
        } catch (NativeCallException e) {
            if (!"EMFILE".equals(e.errnoName())) {
                throw e;
            }
            for (int i = 0; i < HEADROOM && !timers.isEmpty(); i++) {
                timers.remove(timers.size() - 1).cancel();
            }
            assertTrue(timers.size() >= MIN, "only " + timers.size() + " timers fit under RLIMIT_NOFILE "
                    + ResourceLimits.noFile()[0] + "; the check needs at least " + MIN + ": " + e.getMessage());
            return timers;
        }
    }
}
