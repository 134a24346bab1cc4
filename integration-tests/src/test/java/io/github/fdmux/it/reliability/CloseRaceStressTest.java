package io.github.fdmux.it.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.conformance.Resources;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code close()} racing every other operation: per round, a fresh poller is polled for ever by one
 * thread while a second thread hammers one operation (modify, register, cancel, rearm, wakeup, or
 * nothing: close against a bare poll), and a third closes the poller after a random number of those
 * operations. All three must finish by a hard deadline; on expiry the failure carries a thread dump.
 *
 * <p>What it caught: a poll woken by an internal wakeup (POLL's queued modify) checked {@code closed}
 * before close() set it, then drained both that wakeup and close()'s own in one read and went back
 * into poll(2) for ever, with close() waiting for it. Rounds per backend: {@code -Dfdmux.closerace.rounds}
 * (300 by default, spread over the six operations; 10,000 in the long stress run).
 */
class CloseRaceStressTest {
    private static final long DEADLINE_SECONDS = 10;

    /** What the racing thread does until the poller is closed. */
    enum Racer { MODIFY, REGISTER, CANCEL, REARM, WAKEUP, POLL_ONLY }

    static int rounds() {
        return Integer.getInteger("fdmux.closerace.rounds", 300);
    }

    @ParameterizedTest(name = "[{0}] close() against modify/register/cancel/rearm/wakeup/poll")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void closeNeverHangsAgainstAnotherThread(BackendStatus status) throws Exception {
        Capabilities caps = Backends.assumeAvailable(status);
        Mode mode = Backends.oneshotOrLevel(caps);
        Racer[] racers = Racer.values();
        SplittableRandom seeds = new SplittableRandom(Long.getLong("fdmux.closerace.seed", 18));
        int[] done = new int[racers.length];
        try (Resources r = new Resources()) {
            Resources.Pair watched = r.unixPair();
            Resources.Pair churned = r.unixPair();
            for (int round = 0; round < rounds(); round++) {
                Racer racer = racers[round % racers.length];
                if (racer == Racer.REARM && !mode.isOneshot()) {
                    racer = Racer.MODIFY; // no oneshot mode on this backend: nothing to rearm
                }
                oneRound(status, mode, racer, watched, churned, seeds.split(), round);
                done[racer.ordinal()]++;
            }
        }
        assertTrue(done[Racer.MODIFY.ordinal()] > 0 && done[Racer.WAKEUP.ordinal()] > 0,
                "rounds run per racer " + java.util.Arrays.toString(done));
    }

    private static void oneRound(BackendStatus status, Mode mode, Racer racer, Resources.Pair watched,
            Resources.Pair churned, SplittableRandom rnd, int round) throws Exception {
        CloseRaceStressTest.Failures failures = new CloseRaceStressTest.Failures();
        Poller p = Pollers.open(status.backend());
        Registration w = p.register(watched.server, Interest.READ, mode, "watched");
        AtomicLong ops = new AtomicLong();
        Thread poller = new Thread(() -> {
            ReadyEvents ev = new ReadyEvents(4);
            try {
                while (true) {
                    p.poll(ev, Poller.FOREVER);
                }
            } catch (ClosedPollerException e) {
                // the end of the round
            } catch (Throwable t) {
                failures.add("poll", t);
            }
        }, "closerace-poll");
        Thread other = new Thread(() -> race(p, w, mode, racer, churned, ops, failures), "closerace-" + racer);
        long closeAfter = rnd.nextInt(32);
        Thread closer = new Thread(() -> {
            long spinUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (ops.get() < closeAfter && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            try {
                p.close();
            } catch (Throwable t) {
                failures.add("close", t);
            }
        }, "closerace-close");
        poller.start();
        other.start();
        closer.start();
        try {
            Watchdog.joinAll(List.of(closer, other, poller),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS),
                    "round " + round + " on " + status.backend() + ", close() against " + racer);
        } catch (AssertionError hang) {
            // Free the stuck poll (it returns for the readable fd, sees the poller closed) so the
            // threads do not outlive the test, then report the hang with its dump.
            watched.client.write(ByteBuffer.wrap(new byte[] {1}));
            throw hang;
        }
        failures.assertEmpty("round " + round + " on " + status.backend() + ", close() against " + racer);
    }

    private static void race(Poller p, Registration w, Mode mode, Racer racer, Resources.Pair churned,
            AtomicLong ops, Failures failures) {
        Registration extra = null;
        try {
            while (p.isOpen()) {
                switch (racer) {
                    case MODIFY -> w.modify((ops.get() & 1) == 0 ? Interest.NONE : Interest.READ);
                    case REARM -> w.rearm();
                    case WAKEUP -> p.wakeup();
                    case REGISTER -> {
                        extra = p.register(churned.server, Interest.READ, mode, "churned");
                        extra.cancel();
                    }
                    case CANCEL -> {
                        if (extra == null || !extra.isValid()) {
                            extra = p.register(churned.server, Interest.READ, mode, "churned");
                        }
                        extra.cancel();
                        extra = null;
                    }
                    case POLL_ONLY -> Thread.onSpinWait();
                }
                ops.incrementAndGet();
            }
        } catch (ClosedPollerException | CancelledRegistrationException e) {
            // documented: the poller was closed (which cancels every registration) under us
        } catch (Throwable t) {
            if (!(t instanceof ClosedChannelException)) {
                failures.add(racer.name(), t);
            }
        } finally {
            ops.set(Long.MAX_VALUE); // the closer need not wait any longer
        }
    }

    /** Unexpected failures from any thread of a round. */
    static final class Failures {
        private final java.util.concurrent.ConcurrentLinkedQueue<String> items =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        void add(String who, Throwable t) {
            java.io.StringWriter s = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(s));
            items.add(who + ": " + s);
        }

        void assertEmpty(String when) {
            assertTrue(items.isEmpty(), when + ": " + String.join("\n", items));
        }
    }
}
