package io.github.fdmux.conformance;

import static io.github.fdmux.Mode.EDGE;
import static io.github.fdmux.Mode.EDGE_ONESHOT;
import static io.github.fdmux.Mode.LEVEL;
import static io.github.fdmux.Mode.ONESHOT;
import static io.github.fdmux.conformance.Expect.assertThrows;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.PairCheck.onReadableServer;
import static io.github.fdmux.conformance.PairCheck.onServer;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** ONESHOT re-arming, which modes each backend accepts, and exclusive wakeups. */
final class ModeBehaviours {
    private static final String GROUP = "Modes";

    private ModeBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("oneshotSilentUntilRearmed").group(GROUP).modes(ONESHOT, EDGE_ONESHOT)
                        .description("ONESHOT: after one report the registration is silent, even for new data, until"
                                + " rearm().")
                        .asserts(onReadableServer((f, p, r) -> {
                            Fixture.write(p.client, 10);
                            f.expectSilence(r);
                            assertTrue(r.isValid(), "still registered while disarmed");
                            r.rearm();
                            assertTrue(f.expectEvent(r).readable(), "reported after rearm");
                        })),

                Behaviour.named("oneshotDisarmsBothDirections").group(GROUP).modes(ONESHOT, EDGE_ONESHOT)
                        .description("ONESHOT with READ_WRITE: once reported writable, the registration stays silent"
                                + " when data arrives, until rearm(); one worker at a time owns the fd.")
                        .asserts(onServer(Interest.READ_WRITE, (f, p, r) -> {
                            ReadyEvent first = f.expectEvent(r);
                            assertTrue(first.writable() && !first.readable(), "writable, nothing to read yet: " + first);
                            Fixture.write(p.client, 10);
                            f.expectSilence(r);
                            r.rearm();
                            assertTrue(f.expectEvent(r).readable(), "readable after rearm");
                        })),

                Behaviour.named("rearmOfStillReadyFdReportsAtOnce").group(GROUP).modes(ONESHOT, EDGE_ONESHOT)
                        .description("ONESHOT: rearm() of an fd that is still readable (nothing was read, no new data)"
                                + " reports it at the next poll.")
                        .otherwise("reported")
                        .why("They agree: a re-arm looks at the fd again, whatever the mode. epoll_ctl(EPOLL_CTL_MOD)"
                                + " re-checks readiness, even with EPOLLET; kqueue evaluates the filter of a knote that"
                                + " EV_ENABLE re-enables, and it finds the data still there; POLL and NIO re-enable the"
                                + " pollfd entry or the key's ops, and the next level-triggered wait reports it.")
                        .check(onReadableServer((f, p, r) -> {
                            r.rearm();
                            return f.pollFor(r, Fixture.QUIET_MILLIS * 3) == null ? "silent" : "reported";
                        })),

                Behaviour.named("modifyRearmsOneshot").group(GROUP).modes(ONESHOT, EDGE_ONESHOT)
                        .description("ONESHOT: modify() re-arms, as EPOLL_CTL_MOD and EV_ADD do.")
                        .asserts(onReadableServer((f, p, r) -> {
                            Fixture.write(p.client, 10);
                            r.modify(Interest.READ_WRITE);
                            assertTrue(f.expectEvent(r).writable(), "re-armed with the new interest");
                        })),

                Behaviour.named("rearmOnNonOneshotThrows").group(GROUP).modes(LEVEL, EDGE)
                        .description("rearm() on a LEVEL or EDGE registration is a programming error:"
                                + " IllegalStateException.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            IllegalStateException e = assertThrows(IllegalStateException.class, r::rearm);
                            assertTrue(e.getMessage().contains(f.mode().name()), e.getMessage());
                        })),

                Behaviour.named("modesAccepted").group(GROUP).modes(LEVEL)
                        .description("Which modes register; the others throw UnsupportedOperationException naming"
                                + " backend and mode (never a silent downgrade).")
                        .expect(Backend.EPOLL, "LEVEL EDGE ONESHOT EDGE_ONESHOT")
                        .expect(Backend.KQUEUE, "LEVEL EDGE ONESHOT EDGE_ONESHOT")
                        .expect(Backend.IO_URING, "LEVEL EDGE ONESHOT EDGE_ONESHOT")
                        .expectOn(Backend.IO_URING, "no-multishot", "LEVEL ONESHOT EDGE_ONESHOT")
                        .otherwise("LEVEL ONESHOT")
                        .why("poll(2) and the JDK Selector have no edge-triggered mode; ONESHOT is emulated by"
                                + " disarming after delivery. IO_URING: single-shot POLL_ADD is ONESHOT and"
                                + " EDGE_ONESHOT, multishot POLL_ADD (Linux 5.13) is EDGE, and LEVEL is a single-shot"
                                + " POLL_ADD that fdmux re-arms after each delivery (no EDGE before 5.13).")
                        .check(f -> {
                            List<String> accepted = new ArrayList<>();
                            for (Mode m : Mode.values()) {
                                Pipe pipe = f.pipe();
                                try {
                                    f.poller().register(pipe.source(), Interest.READ, m, null).cancel();
                                    accepted.add(m.name());
                                    assertTrue(f.caps().supports(m), "capabilities agree on " + m);
                                } catch (UnsupportedOperationException e) {
                                    assertTrue(e.getMessage().contains(f.backend().name())
                                            && e.getMessage().contains(m.name()), e.getMessage());
                                    assertTrue(!f.caps().supports(m), "capabilities agree on " + m);
                                }
                            }
                            return String.join(" ", accepted);
                        }),

                Behaviour.named("exclusiveWakeupOption").group(GROUP)
                        .description("RegisterOption.EXCLUSIVE on a listener (EPOLLEXCLUSIVE): accepted where offered,"
                                + " such registrations cannot be modified; elsewhere UnsupportedOperationException.")
                        .expect(Backend.EPOLL, ONESHOT, "unsupported")
                        .expect(Backend.EPOLL, EDGE_ONESHOT, "unsupported")
                        .expect(Backend.EPOLL, "accepted")
                        .otherwise("unsupported")
                        .why("Only epoll has exclusive wakeups, and the kernel refuses EPOLLEXCLUSIVE with"
                                + " EPOLLONESHOT and on EPOLL_CTL_MOD.")
                        .check(f -> {
                            ServerSocketChannel l = f.listener();
                            Registration r;
                            try {
                                r = f.poller().register(l, Interest.READ, f.mode(), null, RegisterOption.EXCLUSIVE);
                            } catch (UnsupportedOperationException e) {
                                return "unsupported";
                            }
                            assertThrows(IllegalStateException.class, () -> r.modify(Interest.NONE));
                            f.track(SocketChannel.open(l.getLocalAddress()));
                            assertTrue(f.expectEvent(r).readable());
                            return "accepted";
                        }));
    }
}
