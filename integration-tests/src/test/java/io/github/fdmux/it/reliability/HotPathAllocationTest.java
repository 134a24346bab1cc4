package io.github.fdmux.it.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.conformance.Resources;
import io.github.fdmux.unix.Fds;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hot path of every backend that takes raw fds - poll (non-blocking and timed), decode, modify, rearm, and
 * a user event's trigger and report with timers pending - allocates nothing once warm (measured with the JVM's per-thread allocation counter). NIO has its own test
 * (NioAllocationTest): it registers channels, and the JDK's selectors allocate on their own.
 */
class HotPathAllocationTest {
    private static final int ROUNDS = 20_000;

    @ParameterizedTest(name = "[{0}] poll, modify and rearm allocate nothing")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    void steadyStatePollModifyRearmAllocateNothing(BackendStatus status) throws Exception {
        Capabilities caps = Backends.assumeAvailable(status);
        assumeTrue(caps.rawFds(), () -> status.backend() + " takes channels only; NioAllocationTest covers it");
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off in this JVM");
        try (Resources r = new Resources(); Poller p = Pollers.open(status.backend())) {
            int[] level = r.rawSocketPair();
            int[] oneshot = r.rawSocketPair();
            Registration l = p.register(level[0], Interest.READ, Mode.LEVEL, null);
            Registration o = p.register(oneshot[0], Interest.READ, Mode.ONESHOT, null);
            Fds.writeBytes(level[1], 1);
            Fds.writeBytes(oneshot[1], 1);
            ReadyEvents ev = new ReadyEvents(8);
            rounds(p, l, o, ev); // warm up: JIT, lazily built JNR stubs
            rounds(p, l, o, ev);
            long before = mx.getCurrentThreadAllocatedBytes();
            rounds(p, l, o, ev);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("%s hot path: %d bytes allocated in %d rounds of poll+modify+rearm%n", status.backend(),
                    allocated, ROUNDS);
            // One object per round would be at least 16 * 20,000 = 320,000 bytes.
            assertTrue(allocated < 16_000, allocated + " bytes allocated in " + ROUNDS + " rounds");
        }
    }

    @ParameterizedTest(name = "[{0}] trigger and poll with timers pending allocate nothing")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    void steadyStateTriggerAndPollWithTimersAllocateNothing(BackendStatus status) throws Exception {
        Capabilities caps = Backends.assumeAvailable(status);
        assumeTrue(caps.rawFds(), () -> status.backend() + " takes channels only; the JDK's selectors allocate on their own");
        com.sun.management.ThreadMXBean mx = allocationCounter();
        try (Poller p = Pollers.open(status.backend())) {
            io.github.fdmux.UserEvent user = p.registerUserEvent(null);
            for (int i = 0; i < 1000; i++) {
                p.registerTimer(java.time.Duration.ofHours(1).plusMillis(i), java.time.Duration.ZERO, null);
            }
            ReadyEvents ev = new ReadyEvents(8);
            triggerRounds(p, user, ev);
            triggerRounds(p, user, ev);
            long before = mx.getCurrentThreadAllocatedBytes();
            triggerRounds(p, user, ev);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("%s sources: %d bytes allocated in %d rounds of trigger+poll (%s timers, %s user events)%n",
                    status.backend(), allocated, ROUNDS, caps.support(io.github.fdmux.EventSource.TIMER),
                    caps.support(io.github.fdmux.EventSource.USER));
            assertTrue(allocated < 16_000, allocated + " bytes allocated in " + ROUNDS + " rounds");
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off in this JVM");
        return mx;
    }

    private static void triggerRounds(Poller p, io.github.fdmux.UserEvent user, ReadyEvents ev) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            user.trigger();
            if (i % 2 == 0) {
                user.trigger(); // coalesced with the first
            }
            int n = i % 4 < 2 ? p.pollNow(ev) : p.poll(ev, 1, java.util.concurrent.TimeUnit.SECONDS);
            if (n != 1 || ev.count(0) != (i % 2 == 0 ? 2 : 1)) {
                fail("round " + i + ": " + n + " events");
            }
        }
    }

    private static void rounds(Poller p, Registration level, Registration oneshot, ReadyEvents ev) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            // Alternately a non-blocking poll and a timed one (a timespec, a timeout request): both allocation-free.
            int n = i % 4 < 2 ? p.pollNow(ev) : p.poll(ev, 1, java.util.concurrent.TimeUnit.SECONDS);
            // Alternately both ready, then only LEVEL (the ONESHOT one is disarmed until rearm()).
            if (n != (i % 2 == 0 ? 2 : 1)) { // no assertEquals message: building it would allocate
                fail("round " + i + ": " + n + " events");
            }
            level.modify((i & 2) == 0 ? Interest.READ : Interest.READ_WRITE);
            if (i % 2 == 1) {
                oneshot.rearm();
            }
        }
    }
}
