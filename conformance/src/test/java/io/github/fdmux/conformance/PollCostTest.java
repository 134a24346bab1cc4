package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Registration;
import java.lang.reflect.Proxy;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
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
        List<Registration> timers = registrations();
        // The same small constant work in both pollers: the first of the deadlines.
        Poller few = poller(() -> deadlines[0]);
        Poller many = poller(() -> deadlines[0]);
        PollCost.Figures m = PollCost.measure(few, many, timers);
        assertDoesNotThrow(() -> PollCost.judge(m), m::toString);
    }

    @Test
    void aPollThatScansAPrimitiveArrayOfDeadlinesFails() throws Exception {
        long[] deadlines = deadlines();
        List<Registration> timers = registrations();
        Poller few = poller(() -> deadlines[0]);
        Poller many = poller(() -> {
            long min = Long.MAX_VALUE; // the cheapest O(n) poll: the earliest of 10,000 longs
            for (long d : deadlines) {
                min = Math.min(min, d);
            }
            return min;
        });
        PollCost.Figures m = PollCost.measure(few, many, timers);
        AssertionError e = assertThrows(AssertionError.class, () -> PollCost.judge(m), m::toString);
        assertTrue(e.getMessage().contains("grows with the number of pending timers"), e.getMessage());
    }

    @Test
    void aPollThatLooksAtEveryRegistrationFails() throws Exception {
        List<Registration> timers = registrations();
        Poller few = poller(() -> 1);
        Poller many = poller(() -> {
            long valid = 0;
            for (Registration r : timers) {
                if (r.isValid()) {
                    valid++;
                }
            }
            return valid;
        });
        PollCost.Figures m = PollCost.measure(few, many, timers);
        assertThrows(AssertionError.class, () -> PollCost.judge(m), m::toString);
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

    private static List<Registration> registrations() {
        List<Registration> out = new ArrayList<>(TIMERS);
        for (int i = 0; i < TIMERS; i++) {
            out.add(new FakeTimer(new long[2]));
        }
        return out;
    }

    /** The fields an O(n) poll would look at, as a registration. */
    private static final class FakeTimer implements Registration {
        private volatile boolean valid = true;
        private Object attachment;

        FakeTimer(Object attachment) {
            this.attachment = attachment;
        }

        @Override
        public Poller poller() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int fd() {
            return -1;
        }

        @Override
        public SelectableChannel channel() {
            return null;
        }

        @Override
        public Interest interest() {
            return Interest.READ;
        }

        @Override
        public Mode mode() {
            return Mode.EDGE;
        }

        @Override
        public Object attachment() {
            return attachment;
        }

        @Override
        public Object attach(Object value) {
            Object old = attachment;
            attachment = value;
            return old;
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public void modify(Interest newInterest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rearm() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancel() {
            boolean was = valid;
            valid = false;
            return was;
        }
    }
}
