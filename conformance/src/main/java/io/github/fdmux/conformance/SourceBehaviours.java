package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertSame;
import static io.github.fdmux.conformance.Expect.assertThrows;
import static io.github.fdmux.conformance.Expect.assertTrue;

import io.github.fdmux.EventSource;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.Registration;
import io.github.fdmux.Support;
import io.github.fdmux.UserEvent;
import io.github.fdmux.spi.SourceRegistration;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Signals, processes and user events, how each backend provides every source (native or emulated),
 * and that sources give back their kernel objects and native memory. Sources have no mode: these run
 * once per backend (in {@link Mode#LEVEL}).
 */
final class SourceBehaviours {
    private static final String GROUP = TimerBehaviours.GROUP;

    private SourceBehaviours() {
    }

    /** @return one behaviour per source: how each backend provides it (first in the group's table) */
    static List<Behaviour> support() {
        List<Behaviour> all = new ArrayList<>();
        for (EventSource s : EventSource.values()) {
            if (s != EventSource.FD) {
                all.add(support(s));
            }
        }
        return all;
    }

    static List<Behaviour> all() {
        List<Behaviour> all = new ArrayList<>();
        all.add(Behaviour.named("signalFromKillReachesTheRegisteredPoller").group(GROUP).modes(Mode.LEVEL)
                .description("USR1, WINCH and HUP, each registered and then sent to this process twice with kill(2):"
                        + " each delivery is reported once, source SIGNAL, count 1, with the attachment (the"
                        + " registration replaces the JVM's handler, so HUP does not shut the JVM down).")
                .asserts(SourceBehaviours::killReachesThePoller));
        all.add(Behaviour.named("twoPollersBothReportEverySignalButOnePollerTakesItOnce").group(GROUP)
                .modes(Mode.LEVEL)
                .description("WINCH registered with two pollers: one kill is reported by both; after one cancels, the"
                        + " other still reports. Registering WINCH (or SIGWINCH) again with the same poller throws"
                        + " IllegalStateException, and the first registration keeps working.")
                .asserts(SourceBehaviours::twoPollersOneSignal));
        all.add(Behaviour.named("childExitIsReportedOnceAndAnExitedOneAtOnce").group(GROUP).modes(Mode.LEVEL)
                .description("A running child is silent until it is terminated, then reported once (source PROCESS,"
                        + " count 1) and silent afterwards; a child that has already exited (and been reaped by the"
                        + " JDK) is reported by the first poll.")
                .asserts(SourceBehaviours::childExit));
        all.add(Behaviour.named("triggersFromEightThreadsCoalesceAndNoneIsLost").group(GROUP).modes(Mode.LEVEL)
                .description("8 threads trigger one user event 2,000 times each while it is polled: the counts of"
                        + " its events add up to exactly 16,000, in fewer events than triggers; a trigger wakes a"
                        + " poll blocked in another thread.")
                .asserts(SourceBehaviours::triggersCoalesce));
        all.add(Behaviour.named("sourcesAreReleasedOnCancelAndOnClose").group(GROUP).modes(Mode.LEVEL)
                .description("20 timers, a signal, two child processes and 20 user events: cancelling them leaves"
                        + " no fd (timerfd, pidfd, eventfd, ...) open after the next poll, and a second round of"
                        + " registering and cancelling them no native memory either; a once timer that fired and a"
                        + " process that was reported release theirs without a cancel; closing a poller with all of"
                        + " them registered leaves neither.")
                .asserts(SourceBehaviours::releasedOnCancelAndClose));
        return all;
    }

    /**
     * The documented way each backend provides each source: the kernel's objects where the backend
     * uses them, fdmux's emulation otherwise. One place to change when a backend goes native.
     */
    private static final Map<EventSource, String> DOCUMENTED_WHY = Map.of(
            EventSource.TIMER, "EPOLL and IO_URING wait on a timerfd per timer (CLOCK_MONOTONIC, the clock of"
                    + " System.nanoTime()), KQUEUE on an EVFILT_TIMER knote (a timerfd inside libkqueue). POLL and SELECT"
                    + " emulate timers although Linux has timerfds: poll(2) and select(2) look at every registered fd on"
                    + " every call, so a poll's cost would grow with the pending timers (pollCostDoesNotGrowWithPendingTimers"
                    + " measured 0.7 µs with 10 and 1,200 µs with 10,000 timerfds on POLL). NIO has no kernel object of"
                    + " fdmux's own to add them to. Emulated timers are a heap of deadlines whose earliest bounds the wait.",
            EventSource.SIGNAL, "Native only on KQUEUE's own kernels: EVFILT_SIGNAL counts deliveries even where the"
                    + " JVM's handler takes them. Elsewhere the JVM's signal handler counts them and wakes the poll: a"
                    + " signalfd receives only a signal that every thread blocks, which a library inside a JVM cannot"
                    + " arrange (docs/backends/epoll.md), and libkqueue's EVFILT_SIGNAL is such a signalfd (it never saw a"
                    + " kill in a JVM: docs/backends/kqueue.md).",
            EventSource.PROCESS, "A pidfd (Linux 5.3+) on EPOLL, POLL, SELECT and IO_URING; EVFILT_PROC with NOTE_EXIT"
                    + " on KQUEUE, but not under libkqueue, whose waitid() raced the JVM's own reaper and lost exits"
                    + " (docs/backends/kqueue.md). Emulated, ProcessHandle.onExit() queues the exit and wakes the poll.",
            EventSource.USER, "An eventfd on EPOLL, POLL, SELECT and IO_URING (the kernel adds the triggers up until a"
                    + " poll reads them), EVFILT_USER on KQUEUE (not on OpenBSD, which has none). Emulated on NIO: an"
                    + " in-memory count that wakes the poll.");

    private static Behaviour support(EventSource source) {
        String lower = source.name().toLowerCase(Locale.ROOT);
        Behaviour.Builder b = Behaviour.named(lower + "SourceIsNativeOrEmulated").group(GROUP).modes(Mode.LEVEL)
                .description("Capabilities.support(" + source + ") (native, emulated or unsupported), and a "
                        + lower + " registration agrees: native exactly when the kernel object the poller waits on"
                        + " watches it.")
                .why(DOCUMENTED_WHY.get(source))
                .otherwise(DocumentedSupport.documented(source));
        DocumentedSupport.expectations(source, b);
        return b.check(f -> supportAgrees(f, source));
    }

    private static String supportAgrees(Fixture f, EventSource source) throws Exception {
        Support claimed = f.caps().support(source);
        String answer = claimed.name().toLowerCase(Locale.ROOT);
        if (claimed == Support.UNSUPPORTED) {
            assertThrows(UnsupportedOperationException.class, () -> registerOne(f, source));
            return answer;
        }
        Registration r = registerOne(f, source);
        assertEquals(source, r.source(), "the registration's source");
        assertEquals(-1, r.fd(), "a source's fd()");
        SourceRegistration s = Expect.assertInstanceOf(SourceRegistration.class, r, "a source registration");
        assertEquals(claimed == Support.NATIVE, s.isNative(), "Capabilities says " + claimed + " but " + s);
        assertTrue(r.cancel(), "cancel");
        return answer;
    }

    private static Registration registerOne(Fixture f, EventSource source) throws Exception {
        Poller p = f.poller();
        switch (source) {
            case TIMER:
                return p.registerTimer(Duration.ofHours(1), Duration.ZERO, null);
            case SIGNAL:
                return p.registerSignal("WINCH", null);
            case PROCESS:
                return p.registerProcess(Children.running(f).toHandle(), null);
            case USER:
                return p.registerUserEvent(null);
            default:
                throw new IllegalArgumentException(source.toString());
        }
    }

    private static void killReachesThePoller(Fixture f) throws Exception {
        List<String> ignored = new ArrayList<>();
        for (String name : new String[] {"USR1", "WINCH", "HUP"}) {
            String why = ProcessSignals.ignoredHere(name);
            if (why != null) {
                ignored.add(why);
                continue;
            }
            Registration r = f.poller().registerSignal(name, name);
            int number = ((SourceRegistration) r).signalNumber();
            for (int k = 0; k < 2; k++) {
                ProcessSignals.send(number);
                ReadyEvent e = f.expectEvent(r);
                assertEquals(EventSource.SIGNAL, e.source(), name + ": the event's source");
                assertEquals(1, e.count(), name + ": one kill, one delivery");
                assertEquals(name, e.attachment(), "the attachment");
            }
            // Also the margin before the cancel puts the previous disposition back (USR1's default action ends
            // the JVM): a kernel signal filter (EVFILT_SIGNAL) can report a delivery before the JVM's handler ran.
            f.expectSilence(r);
            assertTrue(r.cancel(), "cancel");
        }
        if (!ignored.isEmpty()) {
            Expect.skip("the others passed, but " + String.join("; ", ignored));
        }
    }

    private static void twoPollersOneSignal(Fixture f) throws Exception {
        Poller other = f.anotherPoller();
        Registration first = f.poller().registerSignal("WINCH", "first");
        Registration second = other.registerSignal("SIGWINCH", "second");
        int number = ((SourceRegistration) first).signalNumber();
        ProcessSignals.send(number);
        assertEquals(1, f.expectEvent(first).count(), "the first poller's count");
        assertEquals(1, f.expectEvent(second).count(), "the second poller's count");
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> f.poller().registerSignal("WINCH", null));
        assertTrue(twice.getMessage().contains("already registered"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> f.poller().registerSignal("SIGWINCH", null));
        assertTrue(first.cancel());
        ProcessSignals.send(number);
        assertEquals(1, f.expectEvent(second).count(), "the second poller after the first cancelled");
        f.expectSilence(first);
        Registration again = f.poller().registerSignal("WINCH", "again");
        ProcessSignals.send(number);
        assertSame("again", f.expectEvent(again).attachment(), "registered again after cancel");
        assertEquals(1, f.expectEvent(second).count(), "the second poller");
    }

    private static void childExit(Fixture f) throws Exception {
        Process child = Children.running(f);
        Registration r = f.poller().registerProcess(child.toHandle(), "child");
        f.expectSilence(r);
        child.destroy();
        ReadyEvent e = f.expectEvent(r);
        assertEquals(EventSource.PROCESS, e.source(), "the event's source");
        assertEquals(1, e.count(), "a process exits once");
        assertEquals("child", e.attachment(), "the attachment");
        f.expectSilence(r);
        Process exited = Children.exited(f);
        Registration late = f.poller().registerProcess(exited.toHandle(), "exited");
        List<ReadyEvent> first = f.poll(Fixture.EVENT_MILLIS);
        assertEquals(1, first.size(), "the first poll after registering an exited child: " + first);
        assertSame(late, first.get(0).registration(), "the exited child");
        f.expectSilence(late);
    }

    private static void triggersCoalesce(Fixture f) throws Exception {
        UserEvent u = f.poller().registerUserEvent("u");
        CompletableFuture<List<ReadyEvent>> inThread = Fixture.pollInThread(f.poller());
        Fixture.awaitBlocked(f.poller());
        u.trigger();
        List<ReadyEvent> woken = inThread.get(Fixture.EVENT_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(1, woken.size(), "the blocked poll reports the trigger: " + woken);
        assertEquals(1, woken.get(0).count(), "one trigger");
        assertEquals(EventSource.USER, woken.get(0).source(), "the event's source");
        int threads = 8;
        int each = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < each; k++) {
                    u.trigger();
                }
            }, "fdmux-test-trigger-" + i);
            t.setDaemon(true);
            t.start();
            ts.add(t);
        }
        go.countDown();
        long total = 0;
        int events = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (total < (long) threads * each && System.nanoTime() - deadline < 0) {
            for (ReadyEvent e : f.poll(Fixture.EVENT_MILLIS)) {
                assertSame(u, e.registration(), "the user event");
                total += e.count();
                events++;
            }
        }
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " still triggering");
        }
        assertEquals((long) threads * each, total, "triggers counted");
        assertTrue(events < threads * each, "no trigger coalesced with another: " + events + " events");
        assertTrue(f.poll(0).isEmpty(), "nothing more once every trigger is counted");
    }

    private static void releasedOnCancelAndClose(Fixture f) throws Exception {
        Poller p = f.poller();
        Process running = Children.running(f);
        Process exited = Children.exited(f);
        f.poll(0); // a backend may allocate its event buffer at the first poll: not a leak
        Snapshot start = Snapshot.take();
        cancelEach(registerEveryKind(p, running, exited));
        f.poll(0); // a backend may hand its removals to the kernel at the next poll
        start.assertNoFdLeft("cancelling every source");
        // The first round may have grown buffers the poller keeps (and frees on close); a second one may not.
        Snapshot warm = Snapshot.take();
        cancelEach(registerEveryKind(p, running, exited));
        f.poll(0);
        warm.assertNothingLeft("a second round of registering and cancelling every source");

        Registration once = p.registerTimer(Duration.ofMillis(1), Duration.ZERO, null);
        Registration gone = p.registerProcess(exited.toHandle(), null);
        java.util.Set<Registration> waiting = new java.util.HashSet<>(List.of(once, gone));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Fixture.EVENT_MILLIS);
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0) {
            for (ReadyEvent e : f.poll(Fixture.QUIET_MILLIS)) {
                waiting.remove(e.registration());
            }
        }
        assertTrue(waiting.isEmpty(), "not reported within " + Fixture.EVENT_MILLIS + " ms: " + waiting);
        f.poll(0);
        warm.assertNothingLeft("a once timer that fired and a process that was reported, not cancelled");
        once.cancel();
        gone.cancel();

        Snapshot beforeOpen = Snapshot.take();
        Poller q = Pollers.open(f.backend());
        try {
            registerEveryKind(q, running, exited);
            q.pollNow(new io.github.fdmux.ReadyEvents(64));
        } finally {
            q.close();
        }
        beforeOpen.assertNothingLeft("closing a poller with every kind of source registered");
    }

    private static void cancelEach(List<Registration> all) {
        for (Registration r : all) {
            assertTrue(r.cancel(), "cancel " + r);
        }
    }

    private static List<Registration> registerEveryKind(Poller p, Process running, Process exited) throws IOException {
        List<Registration> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(p.registerTimer(Duration.ofMillis(i % 2 == 0 ? 1 : 3_600_000), Duration.ofMillis(i % 4 < 2 ? 0 : 5),
                    null));
            all.add(p.registerUserEvent(null));
        }
        ((UserEvent) all.get(1)).trigger();
        all.add(p.registerSignal("WINCH", null));
        all.add(p.registerProcess(running.toHandle(), null));
        all.add(p.registerProcess(exited.toHandle(), null));
        return all;
    }

    /** The process's fds and fdmux's native memory at one moment. */
    private record Snapshot(FdSnapshot fds, long bytes, long buffers) {
        static Snapshot take() {
            return new Snapshot(FdSnapshot.take(), NativeBuffer.liveBytes(), NativeBuffer.liveBuffers());
        }

        void assertNoFdLeft(String what) {
            Map<Integer, String> leaked = FdSnapshot.take().leakedSince(fds);
            // A kernel object can be released by a later step of the backend (a queued removal): give it a moment.
            for (int i = 0; i < 20 && !leaked.isEmpty(); i++) {
                Fixture.sleep(25);
                leaked = FdSnapshot.take().leakedSince(fds);
            }
            assertTrue(leaked.isEmpty(), what + " left fds open: " + leaked);
        }

        void assertNothingLeft(String what) {
            assertNoFdLeft(what);
            assertEquals(buffers, NativeBuffer.liveBuffers(), what + ": live NativeBuffers before vs after");
            assertEquals(bytes, NativeBuffer.liveBytes(), what + ": live native bytes before vs after");
        }
    }
}
