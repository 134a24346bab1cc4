package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Guards the guards: the timer behaviours pass on fdmux's emulation (a backend without fds) and fail
 * on timers that fire early, late, drift or come out of order.
 */
class TimerChecksTest {
    private static final Target TARGET = new Target(Backend.NIO, Mode.LEVEL);

    @Test
    void theEmulationPassesThem() {
        for (String name : new String[] {"timerFiresOnTimeNeverEarly", "periodicTimerDoesNotDrift",
                "expirationsWhileNobodyPolledAreOneEventWithTheirCount", "cancelledTimerNeverReports",
                "tenThousandTimersFireInDeadlineOrder"}) { // pollCost...: PollCostTest
            assertDoesNotThrow(() -> run(name, MemoryPoller.withoutRawFds(), (delay, period) -> delay), name);
        }
    }

    @Test
    void timersThatFireEarlyFail() {
        BinaryOperator<Duration> early = (delay, period) -> delay.multipliedBy(7).dividedBy(10);
        assertFails("timerFiresOnTimeNeverEarly", early, "early");
        assertFails("tenThousandTimersFireInDeadlineOrder", early, "before its deadline");
    }

    @Test
    void timersThatFireLateFail() {
        assertFails("timerFiresOnTimeNeverEarly", (delay, period) -> delay.plusMillis(6), "least late");
    }

    @Test
    void aPeriodThatDriftsFails() {
        assertFails("periodicTimerDoesNotDrift", null, "drifted");
    }

    @Test
    void timersOutOfDeadlineOrderFail() {
        AtomicInteger n = new AtomicInteger();
        // Every other timer 5 ms late: later deadlines overtake it by many polls.
        assertFails("tenThousandTimersFireInDeadlineOrder",
                (delay, period) -> n.getAndIncrement() % 2 == 0 ? delay.plusMillis(5) : delay, "not in deadline order");
    }

    private static void assertFails(String behaviour, BinaryOperator<Duration> delays, String fragment) {
        AssertionError e = assertThrows(AssertionError.class, () -> run(behaviour, MemoryPoller.withoutRawFds(), delays),
                behaviour);
        assertTrue(e.getMessage().contains(fragment), behaviour + ": " + e.getMessage());
    }

    /**
     * @param delays replaces a timer's initial delay (null: periods 3 % longer, a timer that drifts)
     */
    private static String run(String behaviour, MemoryPoller real, BinaryOperator<Duration> delays) throws Exception {
        Poller p = (Poller) Proxy.newProxyInstance(Poller.class.getClassLoader(), new Class<?>[] {Poller.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerTimer")) {
                        Duration delay = (Duration) args[0];
                        Duration period = (Duration) args[1];
                        if (delays != null) {
                            args = new Object[] {delays.apply(delay, period), period, args[2]};
                        } else if (!period.isZero()) {
                            args = new Object[] {delay, period.multipliedBy(103).dividedBy(100), args[2]};
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Behaviour b = Catalog.all().stream().filter(x -> x.name().equals(behaviour)).findFirst().orElseThrow();
        // cancelledTimerNeverReports watches AbstractPoller.isWaitingInKernel(), which a proxy does not have.
        try (Fixture f = new Fixture(TARGET, behaviour.startsWith("cancel") ? real : p)) {
            return b.check().run(f);
        }
    }
}
