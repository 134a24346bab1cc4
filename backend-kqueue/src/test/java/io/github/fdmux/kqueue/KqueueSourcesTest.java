package io.github.fdmux.kqueue;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.EventSource;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.Support;
import io.github.fdmux.UserEvent;
import io.github.fdmux.spi.SourceRegistration;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.ResourceLimits;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jnr.constants.platform.RLIMIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timers, signals, processes and user events as knotes of a real kqueue (the kernel's, or
 * libkqueue when {@code -Dfdmux.kqueue.library} names it): each is native where
 * {@link io.github.fdmux.Capabilities#support(EventSource)} says so, reports its count, reports
 * nothing once cancelled, and its knote is gone after cancel and close.
 */
class KqueueSourcesTest {
    private static final long TIMEOUT_MS = 5000;
    private KqueueBackendProvider provider;

    @BeforeEach
    void kqueue() {
        provider = assumeAvailable(new KqueueBackendProvider());
    }

    private KqueuePoller open() throws Exception {
        return (KqueuePoller) provider.open("test");
    }

    private static void assertNativeAsAdvertised(KqueuePoller p, Registration r) {
        boolean advertised = p.capabilities().support(r.source()) == Support.NATIVE;
        assertEquals(advertised, ((SourceRegistration) r).isNative(), r + " vs " + p.capabilities());
        assertEquals(advertised, p.knoteOf((SourceRegistration) r) != null, "knote of " + r);
    }

    /** Polls until {@code r} reported, adding up its counts; fails after {@link #TIMEOUT_MS}. */
    private static long pollFor(KqueuePoller p, Registration r, ReadyEvents ev) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            int n = p.poll(ev, 100, TimeUnit.MILLISECONDS);
            for (int i = 0; i < n; i++) {
                if (ev.registration(i) == r) {
                    return ev.count(i);
                }
            }
        }
        throw new AssertionError(r + " did not report within " + TIMEOUT_MS + " ms");
    }

    // A once timer fires once, never early, and is silent afterwards: the conformance behaviour
    // timerFiresOnTimeNeverEarly, on KQUEUE too. Here, what it is in the kqueue.

    @Test
    void aOnceTimerIsAOneshotKnoteReleasedOnceItFired() throws Exception {
        try (KqueuePoller p = open()) {
            Registration t = p.registerTimer(Duration.ofMillis(30), Duration.ZERO, "t");
            assertNativeAsAdvertised(p, t);
            assertEquals(1, pollFor(p, t, new ReadyEvents(4)), "one expiration");
            assertNull(p.knoteOf((SourceRegistration) t), "a fired once timer's knote is released");
        }
    }

    @Test
    void aTimerDueAtOnceFires() throws Exception {
        try (KqueuePoller p = open()) {
            Registration t = p.registerTimer(Duration.ZERO, Duration.ZERO, null);
            assertNativeAsAdvertised(p, t);
            assertEquals(1, pollFor(p, t, new ReadyEvents(4)));
        }
    }

    @Test
    void aPeriodicTimerNobodyPolledReportsOnceWithItsCount() throws Exception {
        try (KqueuePoller p = open()) {
            long start = System.nanoTime();
            Registration t = p.registerTimer(Duration.ofMillis(10), Duration.ofMillis(10), null);
            assertNativeAsAdvertised(p, t);
            ReadyEvents ev = new ReadyEvents(4);
            // Not polling for >= 75 ms: expirations at 10, 20, ... 70 ms at least.
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(75)) {
                Thread.onSpinWait();
            }
            assertEquals(1, p.poll(ev, 0, TimeUnit.MILLISECONDS));
            long most = (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(10);
            assertTrue(ev.count(0) >= 7 && ev.count(0) <= most, "count " + ev.count(0) + ", at most " + most);
            // And it goes on, counting from where it was: never more than the periods elapsed.
            long first = ev.count(0);
            long next = pollFor(p, t, ev);
            long periods = (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(10);
            assertTrue(next >= 1 && first + next <= periods, first + " then " + next + " expirations in " + periods
                    + " periods");
        }
    }

    @Test
    void aPeriodicTimerWithAnInitialDelayOfItsOwnIsEmulated() throws Exception {
        try (KqueuePoller p = open()) {
            long start = System.nanoTime();
            Registration t = p.registerTimer(Duration.ZERO, Duration.ofMillis(20), null);
            assertFalse(((SourceRegistration) t).isNative(), "EVFILT_TIMER has one interval for both");
            ReadyEvents ev = new ReadyEvents(4);
            long total = pollFor(p, t, ev);
            total += pollFor(p, t, ev);
            long most = 1 + (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(20);
            assertTrue(total >= 2 && total <= most, "expirations " + total + ", at most " + most);
        }
    }

    @Test
    void eventsThatDoNotFitWaitForTheNextPoll() throws Exception {
        try (KqueuePoller p = open()) {
            List<Registration> timers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                timers.add(p.registerTimer(Duration.ofMillis(5), Duration.ZERO, i));
            }
            Thread.sleep(50); // all three expired: a condition in the past, not a wait for one
            ReadyEvents one = new ReadyEvents(1);
            List<Object> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertEquals(1, p.poll(one, TIMEOUT_MS, TimeUnit.MILLISECONDS), "poll " + i);
                assertEquals(1, one.count(0));
                seen.add(one.attachment(0));
            }
            assertTrue(seen.containsAll(List.of(0, 1, 2)), "seen " + seen);
            assertEquals(0, p.poll(one, 30, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aCancelledTimerNeverReportsAndItsKnoteIsDeleted() throws Exception {
        try (KqueuePoller p = open()) {
            Registration t = p.registerTimer(Duration.ofMillis(5), Duration.ofMillis(5), null);
            assertNativeAsAdvertised(p, t);
            KqueueSource knote = p.knoteOf((SourceRegistration) t);
            Thread.sleep(20); // expired, so a kevent is pending in the kernel
            assertTrue(t.cancel());
            assertNull(p.knoteOf((SourceRegistration) t));
            assertEquals(1, p.queuedDeletes());
            assertEquals(0, p.poll(new ReadyEvents(4), 40, TimeUnit.MILLISECONDS));
            assertEquals(0, p.queuedDeletes(), "the EV_DELETE went out before the wait");
            assertEquals(Errnos.ENOENT, deleteErrno(p, knote), "the kernel has no " + knote + " any more");
        }
    }

    @Test
    void knotesAreReleasedOnCancelAndOnClose() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count open fds (Linux): libkqueue gives each timer,"
                + " process and user knote an fd of its own, a kernel kqueue none");
        // No pipes to the child, so that the count below is the poller's alone.
        Process child = new ProcessBuilder("sleep", "60").redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Set<String> before = nonFileFds(fds);
            KqueuePoller p = open();
            Set<String> opened = nonFileFds(fds);
            List<Registration> rs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rs.add(p.registerTimer(Duration.ofSeconds(60), Duration.ZERO, null));
                rs.add(p.registerUserEvent(null));
            }
            rs.add(p.registerProcess(child.toHandle(), null));
            for (Registration r : rs) {
                assertNativeAsAdvertised(p, r);
            }
            Set<String> registered = openedSince(opened, nonFileFds(fds));
            if (KqueueNative.get().isLibkqueue()) {
                // libkqueue's timers are timerfds and its user events eventfds: what cancel must release.
                assertTrue(registered.size() >= 10, "fds the knotes opened: " + registered);
            }
            for (Registration r : rs) {
                assertTrue(r.cancel());
            }
            p.pollNow(new ReadyEvents(4)); // sends the queued EV_DELETEs
            assertEquals(Set.of(), openedSince(opened, nonFileFds(fds)), "fds left after cancel (" + registered
                    + " while registered)");
            for (int i = 0; i < 5; i++) {
                p.registerTimer(Duration.ofSeconds(60), Duration.ofSeconds(60), null);
                p.registerUserEvent(null);
            }
            p.registerProcess(child.toHandle(), null);
            p.close();
            assertEquals(Set.of(), openedSince(before, nonFileFds(fds)), "fds left after close");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aTimerTheKernelHasNoRoomForIsEmulated() throws Exception {
        assumeTrue(KqueueNative.get().isLibkqueue(), "needs libkqueue, whose timers cost an fd each (EMFILE once the"
                + " fds run out); the kernels' limit, FreeBSD's system-wide kern.kq_calloutmax, is not for a test to fill");
        try (KqueuePoller p = open()) {
            // Everything the refusal path runs is loaded now: loading a class takes an fd.
            assertEquals(1, pollFor(p, p.registerTimer(Duration.ofMillis(1), Duration.ZERO, null), new ReadyEvents(4)));
            p.registerTimer(Duration.ofSeconds(60), Duration.ofSeconds(1), null).cancel();
            Class.forName(KqueueSources.class.getName() + "$KnoteRefused");
            assertNotNull(Native.exception("kevent", -1, Errnos.EINVAL).getMessage());
            System.getLogger("io.github.fdmux").log(System.Logger.Level.DEBUG, "KQUEUE test: {0}", "warm-up");
            long[] limit = ResourceLimits.noFile();
            int highest = 0;
            for (String name : new File("/proc/self/fd").list()) {
                highest = Math.max(highest, Integer.parseInt(name));
            }
            List<Integer> fillers = new ArrayList<>();
            Registration t;
            assumeTrue(Native.posix().setrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), highest + 1, limit[1]) == 0,
                    "cannot lower RLIMIT_NOFILE");
            try {
                for (int d; (d = Native.libc().dup(0)) >= 0; ) {
                    fillers.add(d);
                }
                t = p.registerTimer(Duration.ofMillis(10), Duration.ZERO, "t");
            } finally {
                for (int d : fillers) {
                    Fds.closeQuietly(d);
                }
                assertEquals(0, Native.posix().setrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), limit[0], limit[1]),
                        "restore RLIMIT_NOFILE");
            }
            assertFalse(((SourceRegistration) t).isNative(), "no fd for a timerfd: emulated");
            assertEquals(1, pollFor(p, t, new ReadyEvents(4)));
        }
    }

    /**
     * @return this process's fds that are not files (eventfds, timerfds, sockets, pipes, ...), each as
     *     "number -> what it is": what a knote can hold. Files are left out (the class loader opens jars
     *     when it likes), and comparing these sets rather than counts keeps an fd that another thread
     *     closes meanwhile (a Process's pipe, closed once collected) from passing for one the poller released.
     */
    private static Set<String> nonFileFds(Path dir) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/")) {
                        out.add(fd.getFileName() + " -> " + target);
                    }
                } catch (NoSuchFileException closedWhileListed) {
                    // not open any more: not the poller's
                }
            }
        }
        return out;
    }

    /** @return the entries of {@code now} that {@code then} has not */
    private static Set<String> openedSince(Set<String> then, Set<String> now) {
        Set<String> opened = new TreeSet<>(now);
        opened.removeAll(then);
        return opened;
    }

    /** Sends an EV_DELETE of the knote and returns the errno of its receipt (0: it was there). */
    private static int deleteErrno(KqueuePoller p, KqueueSource knote) {
        KeventLayout l = p.layout();
        NativeBuffer change = NativeBuffer.allocate(l.size);
        NativeBuffer receipt = NativeBuffer.allocate(l.size);
        try {
            l.put(change.pointer(), 0, knote.ident, knote.filter, KeventLayout.EV_DELETE | KeventLayout.EV_RECEIPT, 0,
                    0, 0);
            int n = KqueueNative.get().kevent(p.kq(), change.pointer(), 1, receipt.pointer(), 1, null);
            if (n < 0) {
                return Native.errno();
            }
            assertEquals(1, n);
            assertTrue((l.flags(receipt.pointer(), 0) & KeventLayout.EV_ERROR) != 0, "an EV_RECEIPT answer");
            return (int) l.data(receipt.pointer(), 0);
        } finally {
            change.free();
            receipt.free();
        }
    }

    // Triggers from 8 threads, and a trigger that wakes a poll blocked in another thread: the conformance behaviour
    // triggersFromEightThreadsCoalesceAndNoneIsLost, on KQUEUE too.

    @Test
    void aCancelledUserEventNeverReportsItsPendingTriggers() throws Exception {
        try (KqueuePoller p = open()) {
            UserEvent u = p.registerUserEvent(null);
            assertNativeAsAdvertised(p, u);
            ReadyEvents ev = new ReadyEvents(4);
            u.trigger();
            assertEquals(1, pollFor(p, u, ev), "one trigger");
            u.trigger();
            u.trigger(); // pending: not polled yet
            assertTrue(u.cancel());
            u.trigger(); // ignored
            assertEquals(0, p.poll(ev, 30, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void userEventsAreEmulatedWhereTheWakeupHadToBeAPipe() throws Exception {
        KqueueNative nat = KqueueNative.get();
        // The poller's own fallback for kernels without EVFILT_USER (OpenBSD before 7.8), forced.
        try (KqueuePoller p = KqueuePoller.open(KqueueBackendProvider.capabilities(nat.layout.variant), "test", nat,
                false)) {
            UserEvent u = p.registerUserEvent(null);
            assertFalse(((SourceRegistration) u).isNative());
            assertNull(p.knoteOf((SourceRegistration) u));
            u.trigger();
            u.trigger();
            assertEquals(2, pollFor(p, u, new ReadyEvents(4)));
        }
    }

    @Test
    void aChildThatExitsIsReportedOnce() throws Exception {
        try (KqueuePoller p = open()) {
            // cat exits when its stdin closes: the test decides when, after the knote is in place.
            Process child = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Registration r = p.registerProcess(child.toHandle(), "child");
            assertNativeAsAdvertised(p, r);
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(0, p.poll(ev, 20, TimeUnit.MILLISECONDS), "the child still runs");
            child.getOutputStream().close();
            assertEquals(1, pollFor(p, r, ev));
            assertEquals(EventSource.PROCESS, ev.source(0));
            assertEquals("child", ev.attachment(0));
            assertTrue(child.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertEquals(0, p.poll(ev, 50, TimeUnit.MILLISECONDS), "reported once");
            assertNull(p.knoteOf((SourceRegistration) r), "its knote is released once it reported");
        }
    }

    @Test
    void anAlreadyExitedChildIsReportedAtOnce() throws Exception {
        try (KqueuePoller p = open()) {
            Process child = new ProcessBuilder("sh", "-c", "exit 3").start();
            assertEquals(3, child.waitFor());
            Registration r = p.registerProcess(child.toHandle(), null);
            assertFalse(((SourceRegistration) r).isNative(), "the pid is gone (ESRCH): emulated, reported at once");
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertSame(r, ev.registration(0));
            assertEquals(0, p.poll(ev, 30, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aSignalSentWithKillIsReportedWithItsCount() throws Exception {
        try (KqueuePoller p = open()) {
            // USR1 where the JVM's handler reports it (emulated): the test sees the handler ran before
            // cancel puts USR1's default action (end the process) back. A knote reports before the
            // JVM's handler may have run, so there WINCH, whose default action is to do nothing.
            String name = p.capabilities().support(EventSource.SIGNAL) == Support.NATIVE ? "WINCH" : "USR1";
            Registration s = p.registerSignal(name, "sig");
            assertNativeAsAdvertised(p, s);
            ReadyEvents ev = new ReadyEvents(4);
            kill(name);
            long total = pollFor(p, s, ev);
            assertEquals(EventSource.SIGNAL, ev.source(0));
            assertEquals("sig", ev.attachment(0));
            kill(name);
            total += pollFor(p, s, ev);
            assertEquals(2, total, "two kills, two deliveries");
            assertTrue(s.cancel());
            assertEquals(0, p.poll(ev, 30, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void twoPollersRegisteredForOneSignalBothSeeEachDelivery() throws Exception {
        try (KqueuePoller a = open(); KqueuePoller b = open()) {
            Registration ra = a.registerSignal("WINCH", "a");
            Registration rb = b.registerSignal("WINCH", "b");
            assertNativeAsAdvertised(a, ra);
            assertNativeAsAdvertised(b, rb);
            kill("WINCH");
            assertEquals(1, pollFor(a, ra, new ReadyEvents(4)));
            assertEquals(1, pollFor(b, rb, new ReadyEvents(4)));
            assertTrue(ra.cancel());
            kill("WINCH"); // b's registration keeps the handler in place (WINCH's default is to ignore anyway)
            assertEquals(1, pollFor(b, rb, new ReadyEvents(4)));
            assertEquals(0, a.poll(new ReadyEvents(4), 30, TimeUnit.MILLISECONDS), "cancelled: nothing");
        }
    }

    private static void assumeNative(KqueuePoller p, EventSource source) {
        assumeTrue(p.capabilities().support(source) == Support.NATIVE, () -> "needs a kernel kqueue (macOS, FreeBSD,"
                + " OpenBSD) where " + source + " is a knote; " + p.capabilities().variant() + " emulates it (see"
                + " docs/backends/kqueue.md)");
    }

    @Test
    void aSignalKnoteCountsDeliveriesWhileTheJvmHandlerIsInstalled() throws Exception {
        try (KqueuePoller p = open()) {
            assumeNative(p, EventSource.SIGNAL);
            // fdmux installs a JVM handler for the signal too. WINCH: its default action, back after
            // close while the JVM's handler may not have run yet, is to do nothing.
            Registration s = p.registerSignal("WINCH", null);
            assertNotNull(p.knoteOf((SourceRegistration) s));
            kill("WINCH");
            kill("WINCH");
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertEquals(2, ev.count(0), "EVFILT_SIGNAL's data: both deliveries, though a handler took them");
        }
    }

    @Test
    void aProcessKnoteReportsAnExitTheJvmHasAlreadyReaped() throws Exception {
        try (KqueuePoller p = open()) {
            assumeNative(p, EventSource.PROCESS);
            Process child = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Registration r = p.registerProcess(child.toHandle(), null);
            assertNotNull(p.knoteOf((SourceRegistration) r));
            child.getOutputStream().close();
            assertTrue(child.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)); // reaped by the JVM before any poll
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertSame(r, ev.registration(0));
            assertEquals(1, ev.count(0));
        }
    }

    private static void kill(String signal) throws Exception {
        File kill = new File("/bin/kill");
        Process k = new ProcessBuilder(kill.exists() ? kill.getPath() : "kill", "-" + signal,
                Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        assertTrue(k.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(0, k.exitValue(), "kill -" + signal);
    }

    @Test
    void theKnoteOfASourceCarriesItsIdentAndFilter() throws Exception {
        try (KqueuePoller p = open()) {
            Registration t = p.registerTimer(Duration.ofSeconds(60), Duration.ZERO, null);
            UserEvent u = p.registerUserEvent(null);
            KqueueSource kt = p.knoteOf((SourceRegistration) t);
            KqueueSource ku = p.knoteOf((SourceRegistration) u);
            assertNotNull(kt);
            assertNotNull(ku);
            assertEquals(p.layout().evfiltTimer, kt.filter);
            assertEquals(p.layout().evfiltUser, ku.filter);
            assertTrue(kt.ident >= 2 && ku.ident >= 2, "never the wakeup's ident 1");
            assertEquals(0, deleteErrno(p, ku), "the user knote is in the kernel");
        }
    }
}
