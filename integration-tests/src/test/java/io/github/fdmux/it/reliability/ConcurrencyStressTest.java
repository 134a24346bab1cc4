package io.github.fdmux.it.reliability;

import io.github.fdmux.conformance.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eight threads register, modify, rearm, cancel, wake and write at random on two shared pollers,
 * each polled by its own thread, for {@code -Dfdmux.stress.seconds} (3 by default) per backend.
 *
 * <p>What is asserted, and why it is sound:
 * <ul>
 *   <li>No exception but the documented ones: {@link CancelledRegistrationException} when another
 *       thread cancelled the registration first.</li>
 *   <li>No event for a registration whose {@code cancel()} returned before the poll began. (A
 *       cancel that returns while a poll runs may or may not beat that poll's decoding; one that
 *       returned before it started must.) Checked with a global sequence: the canceller takes a number
 *       after cancel() returns, the poller one before it calls poll.</li>
 *   <li>A ONESHOT or EDGE_ONESHOT registration is never delivered twice without a rearm or modify
 *       between: a second delivery is a failure only if no rearm/modify had started after every one
 *       that had started before the first delivery's poll had finished (started-counter now equal to
 *       the done-counter snapshotted before that poll).</li>
 *   <li>Every event is for a registration of the poller that reported it.</li>
 *   <li>After the storm, the kernel state agrees with the registrations: with every live one set to
 *       READ and one byte written to every peer, each live registration is reported, and no
 *       cancelled one.</li>
 *   <li>No deadlock: every thread must end by a hard deadline, else the failure carries a thread dump.</li>
 * </ul>
 */
class ConcurrencyStressTest {
    private static final int MUTATORS = 8;
    private static final int SLOTS = 48;
    private static final AtomicLong SEQ = new AtomicLong();

    static long seconds() {
        return Long.getLong("fdmux.stress.seconds", 3);
    }

    /** What one registration carries as its attachment. */
    static final class Tracker {
        final int slot;
        final Mode mode;
        volatile long cancelledAt = Long.MAX_VALUE;
        final AtomicLong armsStarted = new AtomicLong();
        final AtomicLong armsDone = new AtomicLong();
        // Polling thread only.
        long doneSnapshot;
        long doneAtDisarm = -1;

        Tracker(int slot, Mode mode) {
            this.slot = slot;
            this.mode = mode;
        }
    }

    /** One poller and the slots of what is registered with it. */
    static final class Shared {
        final Poller poller;
        final AtomicReferenceArray<Registration> regs = new AtomicReferenceArray<>(SLOTS);
        final AtomicIntegerArray state = new AtomicIntegerArray(SLOTS); // 0 free, 1 registering, 2 registered
        final AtomicLong polls = new AtomicLong();
        final AtomicLong events = new AtomicLong();

        Shared(Poller poller) {
            this.poller = poller;
        }
    }

    @ParameterizedTest(name = "[{0}] 8 mutators, 2 pollers")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void randomChangesWhilePolling(BackendStatus status) throws Exception {
        Mode[] modes = Backends.modes(Backends.assumeAvailable(status));
        Leaks.warmUp(status.backend());
        Queue failures = new Queue();
        try (Resources r = new Resources()) {
            Resources.Pair[] pairs = new Resources.Pair[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                pairs[i] = i % 3 == 0 ? r.tcpPair() : r.unixPair();
            }
            Leaks before = Leaks.now();
            Shared[] shared = {new Shared(Pollers.open(status.backend())), new Shared(Pollers.open(status.backend()))};
            long opCount;
            try {
                opCount = storm(shared, pairs, modes, failures, TimeUnit.SECONDS.toNanos(seconds()));
                failures.assertEmpty("the storm on " + status.backend());
                for (Shared s : shared) {
                    checkKernelAgrees(s, pairs, failures);
                }
                failures.assertEmpty("after the storm on " + status.backend());
                closeUnderLoad(shared[0], pairs, modes, failures);
                failures.assertEmpty("closing under load on " + status.backend());
            } finally {
                for (Shared s : shared) {
                    s.poller.close();
                }
            }
            Leaks.now().assertNothingLeakedSince(before, "stress on " + status.backend());
            assertTrue(opCount > 1_000, "the mutators got something done: " + opCount + " operations");
            assertTrue(shared[0].events.get() + shared[1].events.get() > 100,
                    "the pollers reported events: " + shared[0].events + " + " + shared[1].events);
        }
    }

    /** Wakeups each run must have seen answered, however slow the machine. */
    private static final int MIN_WAKEUPS_CHECKED = 100;

    /**
     * No lost wakeup: while churn threads register, modify and cancel quiet channels (which makes
     * the POLL and NIO backends wake their poll internally to apply each change), two threads call
     * wakeup() over and over; after each, the poll blocked forever (or the next one) must return
     * within 5 s. Sound: a poll that began before the wakeup returns because of it, one that begins
     * after it returns at once; either way the return counter passes the value read before the call.
     */
    @ParameterizedTest(name = "[{0}] no wakeup is lost while registrations churn")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void wakeupsAreNeverLost(BackendStatus status) throws Exception {
        Mode[] modes = Backends.modes(Backends.assumeAvailable(status));
        Queue failures = new Queue();
        AtomicLong returns = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (Resources r = new Resources(); Poller p = Pollers.open(status.backend())) {
            Shared s = new Shared(p);
            Resources.Pair[] quiet = new Resources.Pair[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                quiet[i] = r.unixPair();
            }
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> {
                ReadyEvents ev = new ReadyEvents(SLOTS);
                try {
                    while (!stop.get()) {
                        int n = p.poll(ev, Poller.FOREVER);
                        returns.incrementAndGet();
                        if (n > 0) {
                            failures.add("a quiet channel was reported: " + ev, null);
                        }
                    }
                } catch (Throwable t) {
                    failures.add("poller", t);
                }
            }, "wakeup-poller"));
            for (int c = 0; c < 3; c++) {
                threads.add(randomMutator("wakeup-churn-" + c, c, stop, failures, "churn", (rnd, slot) -> {
                    switch (rnd.nextInt(3)) {
                        case 0 -> register(s, slot, quiet[slot].server, modes[rnd.nextInt(modes.length)],
                                rnd.nextBoolean() ? Interest.READ : Interest.NONE);
                        case 1 -> {
                            Registration reg = s.regs.get(slot);
                            if (reg != null) {
                                reg.modify(rnd.nextBoolean() ? Interest.READ : Interest.NONE);
                            }
                        }
                        default -> cancel(s, slot);
                    }
                }));
            }
            for (int w = 0; w < 2; w++) {
                threads.add(new Thread(() -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds());
                    // The floor of checked wakeups is a condition, not a rate: on a loaded machine the
                    // wakers go on past the time budget (up to 20 s more) until the floor is reached.
                    long last = end + TimeUnit.SECONDS.toNanos(20);
                    while ((System.nanoTime() < end || checked.get() <= MIN_WAKEUPS_CHECKED)
                            && System.nanoTime() < last && failures.items.isEmpty()) {
                        long before = returns.get();
                        p.wakeup();
                        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (returns.get() <= before) {
                            if (System.nanoTime() > bound) {
                                failures.add("wakeup lost: no poll returned within 5 s after wakeup() (returns stayed "
                                        + before + ")\n" + Watchdog.dump(), null);
                                return;
                            }
                            Thread.onSpinWait();
                        }
                        checked.incrementAndGet();
                    }
                }, "waker-" + w));
            }
            threads.forEach(Thread::start);
            Watchdog.joinAll(threads.subList(threads.size() - 2, threads.size()),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds() + 30), "wakers");
            stop.set(true);
            p.wakeup();
            Watchdog.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "wakeup test");
        }
        failures.assertEmpty("wakeups on " + status.backend());
        assertTrue(checked.get() > MIN_WAKEUPS_CHECKED, "wakeups checked: " + checked.get());
    }

    /** Unexpected failures, from any thread. */
    /** One step of a mutator thread on a slot, chosen with {@code rnd}. */
    @FunctionalInterface
    private interface MutatorStep {
        void run(SplittableRandom rnd, int slot) throws Exception;
    }

    /**
     * A thread doing {@code step} on random slots (seeded with {@code seed}) until {@code stop}: a
     * registration cancelled under it is another thread's doing (documented), anything else it
     * throws is a failure of {@code what}.
     */
    private static Thread randomMutator(String name, long seed, java.util.concurrent.atomic.AtomicBoolean stop,
            Queue failures, String what, MutatorStep step) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new Thread(() -> {
            while (!stop.get()) {
                int slot = rnd.nextInt(SLOTS);
                try {
                    step.run(rnd, slot);
                } catch (CancelledRegistrationException e) {
                    // documented: another thread cancelled it first
                } catch (Throwable t) {
                    failures.add(what, t);
                }
            }
        }, name);
    }

    static final class Queue {
        final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();

        void add(String what, Throwable t) {
            java.io.StringWriter w = new java.io.StringWriter();
            if (t != null) {
                t.printStackTrace(new java.io.PrintWriter(w));
            }
            if (items.size() < 20) {
                items.add(what + (t != null ? ": " + w : ""));
            }
        }

        void assertEmpty(String when) {
            assertTrue(items.isEmpty(), when + ": " + items.size() + " failures:\n" + String.join("\n", items));
        }
    }

    private static long storm(Shared[] shared, Resources.Pair[] pairs, Mode[] modes, Queue failures, long nanos)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong ops = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Shared s : shared) {
            threads.add(new Thread(() -> pollLoop(s, pairs, stop, failures), "stress-poller-" + threads.size()));
        }
        for (int m = 0; m < MUTATORS; m++) {
            long seed = System.nanoTime() + m;
            threads.add(new Thread(() -> mutate(shared, pairs, modes, stop, failures, ops, new SplittableRandom(seed)),
                    "stress-mutator-" + m));
        }
        threads.forEach(Thread::start);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(nanos));
        stop.set(true);
        for (Shared s : shared) {
            s.poller.wakeup();
        }
        Watchdog.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "storm");
        return ops.get();
    }

    private static void mutate(Shared[] shared, Resources.Pair[] pairs, Mode[] modes,
            java.util.concurrent.atomic.AtomicBoolean stop, Queue failures, AtomicLong ops, SplittableRandom rnd) {
        ByteBuffer out = ByteBuffer.allocate(64);
        while (!stop.get()) {
            Shared s = shared[rnd.nextInt(shared.length)];
            int slot = rnd.nextInt(SLOTS);
            int op = rnd.nextInt(100);
            try {
                if (op < 20) {
                    register(s, slot, pairs[slot].server, modes[rnd.nextInt(modes.length)],
                            interest(rnd.nextInt(4)));
                } else if (op < 40) {
                    Registration reg = s.regs.get(slot);
                    if (reg != null) {
                        arm(reg, () -> reg.modify(interest(rnd.nextInt(4))));
                    }
                } else if (op < 55) {
                    Registration reg = s.regs.get(slot);
                    if (reg != null && reg.mode().isOneshot()) {
                        arm(reg, reg::rearm);
                    }
                } else if (op < 75) {
                    cancel(s, slot);
                } else if (op < 85) {
                    s.poller.wakeup();
                } else {
                    out.clear().limit(1 + rnd.nextInt(64));
                    pairs[slot].client.write(out);
                }
                ops.incrementAndGet();
            } catch (CancelledRegistrationException e) {
                ops.incrementAndGet(); // documented: another thread cancelled it first
            } catch (Throwable t) {
                failures.add(Thread.currentThread().getName() + " op " + op + " on slot " + slot, t);
            }
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private static void arm(Registration reg, IoAction action) throws IOException {
        Tracker t = (Tracker) reg.attachment();
        t.armsStarted.incrementAndGet();
        try {
            action.run();
        } finally {
            t.armsDone.incrementAndGet();
        }
    }

    private static Interest interest(int i) {
        return i == 0 ? Interest.NONE : i == 1 ? Interest.READ : i == 2 ? Interest.WRITE : Interest.READ_WRITE;
    }

    private static void register(Shared s, int slot, SocketChannel ch, Mode mode, Interest interest) throws IOException {
        if (!s.state.compareAndSet(slot, 0, 1)) {
            return;
        }
        try {
            s.regs.set(slot, s.poller.register(ch, interest, mode, new Tracker(slot, mode)));
            s.state.set(slot, 2);
        } catch (IOException | RuntimeException | Error e) {
            s.state.set(slot, 0);
            throw e;
        }
    }

    private static void cancel(Shared s, int slot) {
        Registration reg = s.regs.get(slot);
        if (reg != null && reg.cancel()) {
            ((Tracker) reg.attachment()).cancelledAt = SEQ.incrementAndGet();
            s.regs.set(slot, null);
            s.state.set(slot, 0);
        }
    }

    private static void pollLoop(Shared s, Resources.Pair[] pairs, java.util.concurrent.atomic.AtomicBoolean stop,
            Queue failures) {
        ReadyEvents ev = new ReadyEvents(SLOTS);
        ByteBuffer in = ByteBuffer.allocate(4096);
        SplittableRandom rnd = new SplittableRandom(System.nanoTime());
        long round = 0;
        try {
            while (!stop.get()) {
                for (int i = 0; i < SLOTS; i++) {
                    Registration reg = s.regs.get(i);
                    if (reg != null) {
                        Tracker t = (Tracker) reg.attachment();
                        t.doneSnapshot = t.armsDone.get();
                    }
                }
                long start = SEQ.incrementAndGet();
                long timeout = round++ % 3 == 0 ? Poller.FOREVER : round % 3 == 1 ? 0 : 5;
                int n = s.poller.poll(ev, timeout);
                s.polls.incrementAndGet();
                s.events.addAndGet(n);
                for (int i = 0; i < n; i++) {
                    Registration reg = ev.registration(i);
                    Tracker t = (Tracker) reg.attachment();
                    if (reg.poller() != s.poller) {
                        failures.add("event of another poller's registration: " + reg, null);
                    }
                    if (t.cancelledAt < start) {
                        failures.add("event for " + reg + " whose cancel() returned before the poll began", null);
                    }
                    if (t.mode.isOneshot()) {
                        if (t.doneAtDisarm >= 0 && t.armsStarted.get() == t.doneAtDisarm) {
                            failures.add("ONESHOT " + reg + " delivered twice with no rearm or modify between", null);
                        }
                        t.doneAtDisarm = t.doneSnapshot;
                    }
                    if (ev.isReadable(i) || ev.isReadClosed(i)) {
                        SocketChannel ch = (SocketChannel) reg.channel();
                        while (ch.read(in.clear()) > 0) {
                            // drain to EAGAIN, as EDGE requires
                        }
                    }
                    if (t.mode.isOneshot() && rnd.nextBoolean()) {
                        try {
                            arm(reg, reg::rearm);
                        } catch (CancelledRegistrationException e) {
                            // cancelled meanwhile by a mutator: documented
                        }
                    }
                }
            }
        } catch (Throwable e) {
            failures.add(Thread.currentThread().getName(), e);
        }
    }

    /** With every live registration set to READ and a byte at every peer, each is reported; no cancelled one is. */
    private static void checkKernelAgrees(Shared s, Resources.Pair[] pairs, Queue failures) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(65536);
        for (Resources.Pair p : pairs) {
            while (p.server.read(in.clear()) > 0) {
                // nothing pending: the byte below is the only news
            }
        }
        Set<Registration> live = new HashSet<>();
        for (int i = 0; i < SLOTS; i++) {
            Registration reg = s.regs.get(i);
            if (reg != null) {
                assertTrue(reg.isValid(), "slot " + i + " holds a live registration: " + reg);
                reg.modify(Interest.READ); // also re-arms ONESHOT
                live.add(reg);
            }
        }
        ReadyEvents ev = new ReadyEvents(SLOTS);
        s.poller.pollNow(ev); // EDGE: whatever the modifies re-reported; not the byte below
        for (Resources.Pair p : pairs) {
            p.client.write(ByteBuffer.wrap(new byte[] {7}));
        }
        Set<Registration> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen.size() < live.size() && System.nanoTime() < deadline) {
            int n = s.poller.poll(ev, 100);
            for (int i = 0; i < n; i++) {
                Registration reg = ev.registration(i);
                if (!live.contains(reg)) {
                    failures.add("after the storm, an event for a registration not live: " + reg, null);
                }
                if (!ev.isReadable(i)) {
                    failures.add("after the storm, " + reg + " reported " + ev.get(i) + " without readable", null);
                }
                seen.add(reg);
            }
        }
        Set<Registration> missing = new HashSet<>(live);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            failures.add("after the storm, " + missing.size() + " of " + live.size()
                    + " live registrations were never reported: " + missing, null);
        }
    }

    /** Mutators and a poller busy while another thread closes the poller: only ClosedPollerException after that. */
    private static void closeUnderLoad(Shared s, Resources.Pair[] pairs, Mode[] modes, Queue failures)
            throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong closedSeen = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            ReadyEvents ev = new ReadyEvents(SLOTS);
            try {
                while (!stop.get()) {
                    s.poller.poll(ev, Poller.FOREVER);
                }
            } catch (ClosedPollerException e) {
                closedSeen.incrementAndGet();
            } catch (Throwable t) {
                failures.add("poller during close", t);
            }
        }, "close-poller"));
        for (int m = 0; m < 4; m++) {
            threads.add(randomMutator("close-mutator-" + m, m, stop, failures, "mutator during close", (rnd, slot) -> {
                try {
                    switch (rnd.nextInt(4)) {
                        case 0 -> register(s, slot, pairs[slot].server, modes[rnd.nextInt(modes.length)], Interest.READ);
                        case 1 -> {
                            Registration reg = s.regs.get(slot);
                            if (reg != null) {
                                reg.modify(Interest.READ_WRITE);
                            }
                        }
                        case 2 -> cancel(s, slot);
                        default -> s.poller.wakeup();
                    }
                } catch (ClosedPollerException e) {
                    closedSeen.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        Thread.sleep(300);
        s.poller.close();
        Thread.sleep(100);
        stop.set(true);
        Watchdog.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "close under load");
        assertTrue(closedSeen.get() > 0, "someone saw the poller closed");
        for (int i = 0; i < SLOTS; i++) {
            Registration reg = s.regs.get(i);
            if (reg != null) {
                assertEquals(false, reg.isValid(), "close() invalidates every registration: " + reg);
                assertEquals(false, reg.cancel(), "cancel after close returns false");
            }
        }
    }
}
