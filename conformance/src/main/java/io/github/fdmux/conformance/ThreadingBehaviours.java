package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertThrows;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.PairCheck.onServer;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Timeouts, wakeups, changes from other threads, closing. */
final class ThreadingBehaviours {
    private static final String TIMEOUTS = "Timeouts and wakeups";
    private static final String CLOSING = "Threads and closing";

    private ThreadingBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("timeoutZeroReturnsAtOnce").group(TIMEOUTS)
                        .description("poll with timeout 0 returns at once when nothing is ready.")
                        .asserts(f -> {
                            f.register(f.tcpPair().server, Interest.READ);
                            long t0 = System.nanoTime();
                            assertEquals(0, f.poller().pollNow(new ReadyEvents(4)));
                            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                            assertTrue(ms < 50, "took " + ms + " ms");
                        }),

                Behaviour.named("timeoutIsHonoured").group(TIMEOUTS)
                        .description("poll with a 150 ms timeout and nothing ready returns 0 after at least 150 ms"
                                + " (and well before a second).")
                        .asserts(f -> {
                            f.register(f.tcpPair().server, Interest.READ);
                            long t0 = System.nanoTime();
                            assertEquals(0, f.poller().poll(new ReadyEvents(4), 150));
                            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                            assertTrue(ms >= 150 && ms < 1000, "took " + ms + " ms");
                        }),

                Behaviour.named("subMillisecondTimeoutNeverReturnsEarly").group(TIMEOUTS)
                        .description("A 300 µs timeout never returns before 300 µs (rounded up to the backend's"
                                + " resolution).")
                        .asserts(f -> {
                            Waits.assertNeverEarly(f.poller(), 20, 300, TimeUnit.MICROSECONDS);
                        }),

                Behaviour.named("signalsDoNotShortenTheWait").group(TIMEOUTS)
                        .description("Signals delivered to the polling thread (its wait fails with EINTR) neither end a"
                                + " 600 ms poll early nor stretch it: the wait is retried with the time left.")
                        .asserts(f -> {
                            String missing = Signals.handlerMissing();
                            if (missing != null) {
                                Expect.skip(missing);
                            }
                            f.register(f.tcpPair().server, Interest.READ);
                            Signals.assertTheyDoNotShortenTheWait(f.poller());
                        }),

                Behaviour.named("wakeupFromAnotherThread").group(TIMEOUTS)
                        .description("wakeup() from another thread makes a poll blocked forever return 0.")
                        .asserts(f -> {
                            f.register(f.tcpPair().server, Interest.READ);
                            CompletableFuture<List<ReadyEvent>> polled = Fixture.pollInThread(f.poller());
                            Fixture.awaitBlocked(f.poller());
                            assertFalse(polled.isDone(), "still blocked before the wakeup");
                            f.poller().wakeup();
                            assertEquals(List.of(), polled.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS));
                        }),

                Behaviour.named("wakeupsCoalesce").group(TIMEOUTS)
                        .description("100 wakeups before a poll make exactly one poll return early.")
                        .asserts(f -> {
                            Poller p = f.poller();
                            long before = p.stats().wakeups();
                            for (int i = 0; i < 100; i++) {
                                p.wakeup();
                            }
                            ReadyEvents ev = new ReadyEvents(4);
                            long t0 = System.nanoTime();
                            assertEquals(0, p.poll(ev, 5_000));
                            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1_000, "first poll woke");
                            t0 = System.nanoTime();
                            assertEquals(0, p.poll(ev, 150));
                            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= 150,
                                    "second poll waited its timeout");
                            assertEquals(1, p.stats().wakeups() - before, "one signal written");
                        }),

                Behaviour.named("wakeupBeforePollMakesNextPollReturn").group(TIMEOUTS)
                        .description("A wakeup() while no poll runs makes the next poll return at once.")
                        .asserts(f -> {
                            f.poller().wakeup();
                            long t0 = System.nanoTime();
                            assertEquals(0, f.poller().poll(new ReadyEvents(4), 5_000));
                            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1_000);
                        }),

                Behaviour.named("registerFromAnotherThreadIsInForceByReturn").group(CLOSING)
                        .description("A ready fd registered by another thread while a poll blocks is reported by that"
                                + " poll, with no explicit wakeup.")
                        .asserts(f -> {
                            Resources.Pair p = f.tcpPair();
                            Fixture.write(p.client, 1);
                            f.register(f.tcpPair().server, Interest.READ);
                            CompletableFuture<List<ReadyEvent>> polled = Fixture.pollInThread(f.poller());
                            Fixture.awaitBlocked(f.poller());
                            Registration r = f.register(p.server, Interest.READ);
                            List<ReadyEvent> seen = polled.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS);
                            assertEquals(1, seen.size(), "one event: " + seen);
                            assertTrue(seen.get(0).registration() == r && seen.get(0).readable());
                        }),

                Behaviour.named("modifyFromAnotherThreadIsInForceByReturn").group(CLOSING)
                        .description("modify(READ) by another thread on a readable fd while a poll blocks is reported"
                                + " by that poll.")
                        .asserts(onServer(Interest.NONE, (f, p, r) -> {
                            Fixture.write(p.client, 1);
                            CompletableFuture<List<ReadyEvent>> polled = Fixture.pollInThread(f.poller());
                            Fixture.awaitBlocked(f.poller());
                            assertFalse(polled.isDone(), "nothing to report before the modify");
                            r.modify(Interest.READ);
                            List<ReadyEvent> seen = polled.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS);
                            assertEquals(1, seen.size(), "one event: " + seen);
                            assertTrue(seen.get(0).registration() == r && seen.get(0).readable());
                        })),

                Behaviour.named("secondConcurrentPollIsRejected").group(CLOSING)
                        .description("poll from a second thread while one polls throws IllegalStateException.")
                        .asserts(f -> {
                            CompletableFuture<List<ReadyEvent>> polled = Fixture.pollInThread(f.poller());
                            Fixture.awaitBlocked(f.poller());
                            assertThrows(IllegalStateException.class, () -> f.poller().pollNow(new ReadyEvents(1)));
                            f.poller().wakeup();
                            polled.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS);
                        }),

                Behaviour.named("closeWhilePollingReleasesThePoll").group(CLOSING)
                        .description("close() from another thread makes a blocked poll return; the next poll throws"
                                + " ClosedPollerException.")
                        .asserts(f -> {
                            Poller p = f.poller();
                            f.register(f.tcpPair().server, Interest.READ);
                            CompletableFuture<List<ReadyEvent>> polled = Fixture.pollInThread(p);
                            Fixture.awaitBlocked(p);
                            p.close();
                            assertEquals(List.of(), polled.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS));
                            assertFalse(p.isOpen());
                            assertThrows(ClosedPollerException.class, () -> p.pollNow(new ReadyEvents(1)));
                        }),

                Behaviour.named("callsAfterCloseThrow").group(CLOSING)
                        .description("After close(): poll, register, wakeup, modify and rearm throw"
                                + " ClosedPollerException; cancel() returns false; close() again is a no-op.")
                        .asserts(f -> {
                            Poller p = f.poller();
                            Resources.Pair pair = f.tcpPair();
                            Registration r = f.register(pair.server, Interest.READ);
                            p.close();
                            assertFalse(r.isValid());
                            assertThrows(ClosedPollerException.class, () -> p.pollNow(new ReadyEvents(1)));
                            assertThrows(ClosedPollerException.class, () -> f.register(pair.client, Interest.READ));
                            assertThrows(ClosedPollerException.class, p::wakeup);
                            assertThrows(ClosedPollerException.class, () -> r.modify(Interest.WRITE));
                            assertThrows(ClosedPollerException.class, r::rearm);
                            assertFalse(r.cancel());
                            p.close();
                            assertTrue(p.stats().polls() >= 0);
                        }));
    }
}
