package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Poller;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.lang.reflect.Proxy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Guards the guard: {@code pollCostDoesNotGrowWithPendingTimers} must fail for a poll that does
 * O(number of timers) work, even the cheapest kind, and pass for one that does not.
 */
class PollCostTest {
    private static final int TIMERS = 10_000;

    @Test
    void aPollWhoseCostDoesNotDependOnTheTimersPasses() throws Exception {
        long[] deadlines = deadlines();
        // The same small constant work in both pollers: the first of the deadlines.
        PollCost.Figures m = measure(() -> deadlines[0], timers -> () -> deadlines[0]);
        assertDoesNotThrow(() -> PollCost.judge(m), m::toString);
    }

    @Test
    void aPollThatScansAPrimitiveArrayOfDeadlinesFails() throws Exception {
        long[] deadlines = deadlines();
        PollCost.Figures m = measure(() -> deadlines[0], timers -> () -> {
            long min = Long.MAX_VALUE; // the cheapest O(n) poll: the earliest of 10,000 longs
            for (long d : deadlines) {
                min = Math.min(min, d);
            }
            return min;
        });
        AssertionError e = assertThrows(AssertionError.class, () -> PollCost.judge(m), m::toString);
        assertTrue(e.getMessage().contains("grows with the number of pending timers"), e.getMessage());
    }

    @Test
    void aPollThatLooksAtEveryRegistrationFails() throws Exception {
        PollCost.Figures m = measure(() -> 1, timers -> () -> {
            long valid = 0;
            for (Registration r : timers) {
                if (r.isValid()) {
                    valid++;
                }
            }
            return valid;
        });
        assertThrows(AssertionError.class, () -> PollCost.judge(m), m::toString);
    }

    /**
     * {@link PollCost#measure} of a poller whose poll does {@code few} against one whose poll does
     * {@code many}, given the registrations an O(n) poll would look at: 10,000 real far-future timers
     * of an in-memory poller (fdmux's own timer registrations, registered as the behaviour registers them).
     */
    private static PollCost.Figures measure(LongSupplier few, Function<List<Registration>, LongSupplier> many)
            throws IOException {
        try (MemoryPoller host = MemoryPoller.withoutRawFds()) {
            List<Registration> timers = ManyTimers.register(host, TIMERS, i -> TimeUnit.HOURS.toNanos(1));
            return PollCost.measure(poller(few), poller(many.apply(timers)), timers);
        }
    }

    private static long[] deadlines() {
        long[] d = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            d[i] = 3_600_000_000_000L + (i * 7919L) % TIMERS;
        }
        return d;
    }

    private static volatile long sink;

    /** A poller whose poll does {@code work} and reports nothing. */
    private static Poller poller(LongSupplier work) {
        return (Poller) Proxy.newProxyInstance(Poller.class.getClassLoader(), new Class<?>[] {Poller.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("poll") || method.getName().equals("pollNow")) {
                        sink += work.getAsLong();
                        return 0;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
