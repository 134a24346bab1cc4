package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Behaviour.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.ResourceLimits;
import java.nio.channels.Pipe;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Event buffers smaller than the ready set, and many registrations. */
final class ScaleBehaviours {
    private static final String GROUP = "Capacity";
    static final int MANY = 1_000;

    private ScaleBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("smallBufferDeliversTheRestOnNextPolls").group(GROUP)
                        .description("10 ready fds and a buffer of 4: three polls deliver all 10 (no fd starves).")
                        .check(f -> {
                            Set<Registration> all = new HashSet<>();
                            for (int i = 0; i < 10; i++) {
                                Pipe p = f.pipe();
                                all.add(f.register(p.source(), Interest.READ));
                                Fixture.write(p.sink(), 1);
                            }
                            ReadyEvents small = new ReadyEvents(4);
                            Set<Registration> seen = new HashSet<>();
                            for (int poll = 0; poll < 3; poll++) {
                                int n = f.poller().poll(small, Fixture.EVENT_MILLIS);
                                assertTrue(n <= 4, "never more than the buffer holds");
                                for (int i = 0; i < n; i++) {
                                    seen.add(small.registration(i));
                                }
                            }
                            assertEquals(all, seen, "all 10 delivered in 3 polls");
                            return OK;
                        }),

                Behaviour.named("thousandRegistrationsAllReported").group(GROUP)
                        .description("1,000 pipes, all readable: every one is reported (RLIMIT_NOFILE is raised"
                                + " toward its hard limit if needed).")
                        .check(f -> {
                            long soft = ResourceLimits.raiseNoFile(4 * MANY);
                            org.junit.jupiter.api.Assumptions.assumeTrue(soft >= 2 * MANY + 200,
                                    "RLIMIT_NOFILE is " + soft + " and cannot be raised to " + (2 * MANY + 200)
                                            + " (hard limit); 1,000 pipes need 2,000 fds");
                            Set<Registration> all = new HashSet<>();
                            for (int i = 0; i < MANY; i++) {
                                Pipe p = f.pipe();
                                all.add(f.register(p.source(), Interest.READ));
                                Fixture.write(p.sink(), 1);
                            }
                            ReadyEvents ev = new ReadyEvents(256);
                            Set<Registration> seen = new HashSet<>();
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                            while (seen.size() < MANY && System.nanoTime() < deadline) {
                                int n = f.poller().poll(ev, 1_000);
                                for (int i = 0; i < n; i++) {
                                    seen.add(ev.registration(i));
                                }
                            }
                            assertEquals(all.size(), seen.size(), "distinct registrations reported");
                            assertEquals(all, seen);
                            return OK;
                        }));
    }
}
