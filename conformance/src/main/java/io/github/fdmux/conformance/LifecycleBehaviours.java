package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertNull;
import static io.github.fdmux.conformance.Expect.assertSame;
import static io.github.fdmux.conformance.Expect.assertThrows;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.PairCheck.onServer;

import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Interest;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.Registration;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Registering, cancelling, attachments, and one fd in two pollers. */
final class LifecycleBehaviours {
    private static final String GROUP = "Registration lifecycle";

    private LifecycleBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("cancelThenNoEventsEvenIfQueued").group(GROUP)
                        .description("Data arrives (the kernel has queued readiness), then cancel(): the next poll"
                                + " reports nothing for it.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            Fixture.write(p.client, 10);
                            Fixture.sleep(20);
                            assertTrue(r.cancel());
                            assertTrue(f.poll(Fixture.QUIET_MILLIS).isEmpty(), "no event at all after cancel");
                        })),

                Behaviour.named("cancelIsIdempotent").group(GROUP)
                        .description("cancel() returns true once, then false; the registration is invalid.")
                        .asserts(f -> {
                            Registration r = f.register(f.tcpPair().server, Interest.READ);
                            assertTrue(r.isValid());
                            assertTrue(r.cancel());
                            assertFalse(r.cancel());
                            assertFalse(r.isValid());
                        }),

                Behaviour.named("modifyOrRearmAfterCancelThrows").group(GROUP)
                        .description("modify() and rearm() on a cancelled registration throw"
                                + " CancelledRegistrationException.")
                        .asserts(f -> {
                            Registration r = f.register(f.tcpPair().server, Interest.READ);
                            r.cancel();
                            assertThrows(CancelledRegistrationException.class, () -> r.modify(Interest.WRITE));
                            assertThrows(CancelledRegistrationException.class, r::rearm);
                        }),

                Behaviour.named("doubleRegisterThrows").group(GROUP)
                        .description("Registering the same channel (or its fd) twice with one poller throws"
                                + " IllegalStateException; the first registration keeps working.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            assertThrows(IllegalStateException.class, () -> f.register(p.server, Interest.WRITE));
                            if (f.rawFds()) {
                                assertThrows(IllegalStateException.class, () -> f.register(r.fd(), Interest.WRITE));
                            }
                            Fixture.write(p.client, 1);
                            assertTrue(f.expectEvent(r).readable());
                        })),

                Behaviour.named("registerAgainAfterCancel").group(GROUP)
                        .description("After cancel() the same channel can be registered again at once (no poll in"
                                + " between) and reports.")
                        .asserts(f -> {
                            Resources.Pair p = f.tcpPair();
                            f.register(p.server, Interest.READ).cancel();
                            // No poll here: a JDK Selector keeps a cancelled key until its next select,
                            // and the NIO backend must cope with that itself.
                            Registration r = f.register(p.server, Interest.READ);
                            Fixture.write(p.client, 1);
                            assertTrue(f.expectEvent(r).readable());
                        }),

                Behaviour.named("registerClosedChannelThrows").group(GROUP)
                        .description("Registering a closed channel throws ClosedChannelException.")
                        .asserts(f -> {
                            SocketChannel c = f.tcpPair().client;
                            c.close();
                            assertThrows(ClosedChannelException.class, () -> f.register(c, Interest.READ));
                        }),

                Behaviour.named("registerBlockingChannelThrows").group(GROUP)
                        .description("Registering a channel in blocking mode throws IllegalBlockingModeException.")
                        .asserts(f -> {
                            SocketChannel c = f.tcpPair().client;
                            c.configureBlocking(true);
                            assertThrows(IllegalBlockingModeException.class, () -> f.register(c, Interest.READ));
                        }),

                Behaviour.named("attachmentRoundTrips").group(GROUP)
                        .description("The attachment comes back with every event; attach() replaces it.")
                        .asserts(f -> {
                            Resources.Pair p = f.tcpPair();
                            Object first = new Object();
                            Object second = new Object();
                            Registration r = f.poller().register(p.server, Interest.READ, f.mode(), first);
                            Fixture.write(p.client, 1);
                            assertSame(first, f.expectEvent(r).attachment());
                            assertSame(first, r.attach(second));
                            Fixture.write(p.client, 1);
                            if (f.mode().isOneshot()) {
                                r.rearm();
                            }
                            assertSame(second, f.expectEvent(r).attachment());
                            Registration none = f.poller().register(p.client, Interest.WRITE, f.mode(), null);
                            assertNull(f.expectEvent(none).attachment());
                        }),

                Behaviour.named("sameSocketInTwoPollersBothReport").group(GROUP)
                        .description("One socket registered with two pollers: each reports its readiness.")
                        .asserts(f -> {
                            Poller other = f.anotherPoller();
                            Resources.Pair p = f.tcpPair();
                            Registration r1 = f.register(p.server, Interest.READ);
                            Registration r2 = other.register(p.server, Interest.READ, f.mode(), null);
                            Fixture.write(p.client, 1);
                            assertTrue(f.expectEvent(r1).readable(), "first poller");
                            assertTrue(f.expectEvent(r2).readable(), "second poller");
                        }),

                Behaviour.named("statsCountPollsEventsChangesWakeups").group(GROUP)
                        .description("PollerStats counts polls, delivered events, interest changes and wakeup signals.")
                        .asserts(f -> {
                            Poller poller = f.poller();
                            var before = poller.stats();
                            Resources.Pair p = f.tcpPair();
                            Registration r = f.register(p.server, Interest.READ);
                            Fixture.write(p.client, 1);
                            ReadyEvent e = f.expectEvent(r);
                            assertTrue(e.readable());
                            poller.wakeup();
                            poller.wakeup();
                            f.poll(0);
                            var d = poller.stats().minus(before);
                            assertTrue(d.polls() >= 2, "polls " + d);
                            assertTrue(d.events() >= 1, "events " + d);
                            assertTrue(d.changes() >= 1, "changes " + d);
                            assertEquals(1, d.wakeups(), "two wakeups before a poll are one signal: " + d);
                        }));
    }
}
