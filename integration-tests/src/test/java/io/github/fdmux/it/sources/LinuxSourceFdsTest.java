package io.github.fdmux.it.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.Support;
import io.github.fdmux.UserEvent;
import io.github.fdmux.conformance.FdSnapshot;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.unix.LinuxSourceSupport;
import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linux's source fds on the fd backends (EPOLL, POLL, SELECT, IO_URING): timers are timerfds, user
 * events eventfds, processes pidfds, each registered with the poller's kernel object. Counted in
 * {@code /proc/self/fd} (the kernel names them {@code anon_inode:[timerfd]}, {@code [eventfd]},
 * {@code [pidfd]}): each is there while its source lives and gone after cancel, close, or (a process,
 * a once timer) its one report. Skipped off Linux and where a backend cannot run.
 */
class LinuxSourceFdsTest {
    private static final String TIMERFD = "anon_inode:[timerfd]";
    private static final String EVENTFD = "anon_inode:[eventfd]";
    private static final String PIDFD = "anon_inode:[pidfd]";

    static Stream<Named<Backend>> backends() {
        return Stream.of(Backend.EPOLL, Backend.POLL, Backend.SELECT, Backend.IO_URING).map(b -> Named.of(b.name(), b));
    }

    /** The backends whose timers are timerfds (POLL and SELECT scan every fd per poll: their timers are emulated). */
    static Stream<Named<Backend>> timerfdBackends() {
        return Stream.of(Backend.EPOLL, Backend.IO_URING).map(b -> Named.of(b.name(), b));
    }

    private static Poller open(Backend backend) throws IOException {
        assumeTrue(Native.isLinux(), "Linux source fds: this is " + System.getProperty("os.name"));
        var status = Pollers.statuses().stream().filter(s -> s.backend() == backend).findFirst().orElseThrow();
        assumeTrue(status.available(), () -> backend + " is not available here: " + status.reason());
        return Pollers.open(backend);
    }

    /** Opens {@code backend}'s poller; skips the test (having closed it) unless {@code source} is native there. */
    private static Poller openNative(Backend backend, EventSource source) throws IOException {
        Poller p = open(backend);
        if (p.capabilities().support(source) != Support.NATIVE) {
            p.close();
            assumeTrue(false, () -> source + " is not native here: " + LinuxSourceSupport.get().reason());
        }
        return p;
    }

    private static long count(String kind) {
        return FdSnapshot.take().fds().values().stream().filter(kind::equals).count();
    }

    @ParameterizedTest(name = "[{0}] capabilities: timer, process and user native where the probe says so, signal emulated")
    @MethodSource("backends")
    void capabilitiesFollowTheProbeAndRegistrationsFollowTheCapabilities(Backend backend) throws Exception {
        try (Poller p = open(backend)) {
            Capabilities caps = p.capabilities();
            LinuxSourceSupport here = LinuxSourceSupport.get();
            for (EventSource s : new EventSource[] {EventSource.PROCESS, EventSource.USER}) {
                assertEquals(here.support(s), caps.support(s), s + " (" + here.reason() + ")");
            }
            // Timers are timerfds where a poll does not scan every registration (epoll, io_uring).
            boolean scansAll = backend == Backend.POLL || backend == Backend.SELECT;
            assertEquals(scansAll ? Support.EMULATED : here.support(EventSource.TIMER), caps.support(EventSource.TIMER));
            assertEquals(Support.EMULATED, caps.support(EventSource.SIGNAL), "signals: a signalfd cannot work in a JVM");
            // This machine's kernel (5.3+, no seccomp filter) has all three.
            assertTrue(here.timerfd() && here.eventfd(), here.reason());
            Process child = new ProcessBuilder("sleep", "30").start();
            try {
                Registration[] regs = {
                    p.registerTimer(Duration.ofHours(1), Duration.ZERO, null),
                    p.registerUserEvent(null),
                    p.registerProcess(child.toHandle(), null),
                    p.registerSignal("WINCH", null),
                };
                for (Registration r : regs) {
                    boolean nativeHere = caps.support(r.source()) == Support.NATIVE;
                    assertEquals(nativeHere, isNative(r), r.toString());
                }
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean isNative(Registration r) {
        return ((io.github.fdmux.spi.SourceRegistration) r).isNative();
    }

    @ParameterizedTest(name = "[{0}] timerfd, eventfd and pidfd are released on cancel")
    @MethodSource("backends")
    void sourceFdsAreReleasedOnCancel(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.PROCESS)) {
            Process child = new ProcessBuilder("sleep", "30").start();
            try {
                Map<String, Long> before = counts();
                long buffers = io.github.fdmux.unix.NativeBuffer.liveBuffers();
                long timerfd = p.capabilities().support(EventSource.TIMER) == Support.NATIVE ? 1 : 0;
                Registration timer = p.registerTimer(Duration.ofMillis(1), Duration.ofMillis(1), null);
                Registration user = p.registerUserEvent(null);
                Registration proc = p.registerProcess(child.toHandle(), null);
                assertEquals(Map.of(TIMERFD, before.get(TIMERFD) + timerfd, EVENTFD, before.get(EVENTFD) + 1,
                        PIDFD, before.get(PIDFD) + 1), counts(), "one fd per native source while registered");
                p.pollNow(new ReadyEvents(8));
                assertTrue(timer.cancel() && user.cancel() && proc.cancel());
                assertEquals(before, counts(), "after cancel");
                assertEquals(buffers, io.github.fdmux.unix.NativeBuffer.liveBuffers(), "native memory after cancel");
                assertEquals(0, p.poll(new ReadyEvents(8), 20, TimeUnit.MILLISECONDS), "nothing of a cancelled source");
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
    }

    @ParameterizedTest(name = "[{0}] timerfd, eventfd and pidfd are released on close")
    @MethodSource("backends")
    void sourceFdsAreReleasedOnClose(Backend backend) throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            Map<String, Long> before;
            try (Poller p = openNative(backend, EventSource.PROCESS)) {
                before = counts();
                long timerfds = p.capabilities().support(EventSource.TIMER) == Support.NATIVE ? 10 : 0;
                for (int i = 0; i < 10; i++) {
                    p.registerTimer(Duration.ofMillis(i), Duration.ofMillis(5), null);
                    p.registerUserEvent(null).trigger();
                }
                p.registerProcess(child.toHandle(), null);
                assertEquals(before.get(TIMERFD) + timerfds, counts().get(TIMERFD));
                assertEquals(before.get(EVENTFD) + 10, counts().get(EVENTFD));
                assertEquals(before.get(PIDFD) + 1, counts().get(PIDFD));
                p.poll(new ReadyEvents(4), 10, TimeUnit.MILLISECONDS);
            }
            assertEquals(before.get(TIMERFD), counts().get(TIMERFD), "timerfds after close");
            assertEquals(before.get(PIDFD), counts().get(PIDFD), "pidfds after close");
            // The poller's own wakeup eventfd closed too.
            assertTrue(counts().get(EVENTFD) <= before.get(EVENTFD) - 1 || !wakeupIsEventfd(backend),
                    "eventfds after close: " + counts().get(EVENTFD) + ", before (with the wakeup's) " + before.get(EVENTFD));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static boolean wakeupIsEventfd(Backend backend) throws IOException {
        try (Poller p = Pollers.open(backend)) {
            return p.capabilities().wakeupMechanism().startsWith("eventfd");
        }
    }

    private static Map<String, Long> counts() {
        return Map.of(TIMERFD, count(TIMERFD), EVENTFD, count(EVENTFD), PIDFD, count(PIDFD));
    }

    @ParameterizedTest(name = "[{0}] a periodic timerfd nobody polled reports once with its count")
    @MethodSource("timerfdBackends")
    void aPeriodicTimerNotPolledReportsItsCount(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.TIMER)) {
            long start = System.nanoTime();
            Registration t = p.registerTimer(Duration.ofMillis(10), Duration.ofMillis(10), "t");
            assertTrue(isNative(t), t.toString());
            awaitElapsed(start, 75);
            ReadyEvents ev = new ReadyEvents(4);
            long firstPoll = System.nanoTime();
            assertEquals(1, p.pollNow(ev));
            long most = (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(10);
            assertSame(t, ev.registration(0));
            assertEquals(EventSource.TIMER, ev.source(0));
            assertEquals("t", ev.attachment(0));
            assertTrue(ev.count(0) >= 7 && ev.count(0) <= most, "count " + ev.count(0) + ", expected 7 to " + most);
            if (p.pollNow(ev) > 0) { // only an expiry after the first poll's read, never the count again
                long since = (System.nanoTime() - firstPoll) / TimeUnit.MILLISECONDS.toNanos(10);
                assertTrue(ev.count(0) <= since + 1, "the count was read: then " + ev.count(0) + " more in "
                        + since + " periods");
            }
            // The period goes on from the schedule: the next expiry comes within one period.
            assertEquals(1, p.poll(ev, 2, TimeUnit.SECONDS));
            assertTrue(ev.count(0) >= 1);
        }
    }

    @ParameterizedTest(name = "[{0}] a once timerfd fires once, never early, and is released after")
    @MethodSource("timerfdBackends")
    void aOnceTimerFiresOnceAndItsFdIsReleased(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.TIMER)) {
            long before = count(TIMERFD);
            long start = System.nanoTime();
            Registration zero = p.registerTimer(Duration.ZERO, Duration.ZERO, "zero");
            Registration t = p.registerTimer(Duration.ofMillis(30), Duration.ZERO, "t");
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS), "a delay of 0 is due at once (timerfd's 0 would disarm)");
            assertSame(zero, ev.registration(0));
            assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "never early");
            assertSame(t, ev.registration(0));
            assertEquals(1, ev.count(0));
            assertEquals(before, count(TIMERFD), "a once timer's timerfd is closed after it fired");
            assertEquals(0, p.poll(ev, 50, TimeUnit.MILLISECONDS));
            assertTrue(t.isValid(), "still valid until cancelled, as the emulation's");
            assertTrue(t.cancel());
        }
    }

    @ParameterizedTest(name = "[{0}] eventfd triggers coalesce, from another thread too")
    @MethodSource("backends")
    void userEventTriggersCoalesce(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.USER)) {
            UserEvent u = p.registerUserEvent("u");
            assertTrue(isNative(u));
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(0, p.pollNow(ev));
            for (int i = 0; i < 5; i++) {
                u.trigger();
            }
            assertEquals(1, p.pollNow(ev));
            assertEquals(5, ev.count(0));
            assertEquals(EventSource.USER, ev.source(0));
            assertEquals(0, p.pollNow(ev));
            Thread trigger = new Thread(() -> {
                while (!((AbstractPoller<?>) p).isWaitingInKernel()) {
                    Thread.onSpinWait();
                }
                u.trigger();
            });
            trigger.start();
            assertEquals(1, p.poll(ev, 10, TimeUnit.SECONDS), "a trigger wakes a blocked poll");
            assertEquals(1, ev.count(0));
            trigger.join();
        }
    }

    @ParameterizedTest(name = "[{0}] a pidfd reports the exit once, then is released")
    @MethodSource("backends")
    void aProcessExitIsReportedOnceThenItsPidfdIsReleased(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.PROCESS)) {
            long before = count(PIDFD);
            Process child = new ProcessBuilder("sh", "-c", "read x").start();
            Registration r = p.registerProcess(child.toHandle(), "child");
            assertTrue(isNative(r));
            assertEquals(before + 1, count(PIDFD));
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(0, p.poll(ev, 20, TimeUnit.MILLISECONDS), "running");
            child.getOutputStream().close(); // read gets EOF: the shell exits
            assertEquals(1, p.poll(ev, 10, TimeUnit.SECONDS));
            assertEquals(EventSource.PROCESS, ev.source(0));
            assertEquals(1, ev.count(0));
            assertEquals("child", ev.attachment(0));
            assertEquals(before, count(PIDFD), "released after its report");
            assertEquals(0, p.poll(ev, 50, TimeUnit.MILLISECONDS), "reported once");
            child.waitFor();
        }
    }

    @ParameterizedTest(name = "[{0}] an already exited process is reported at once")
    @MethodSource("backends")
    void anExitedProcessIsReportedAtOnce(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.PROCESS)) {
            Process child = new ProcessBuilder("true").start();
            child.waitFor();
            ProcessHandle h = child.toHandle();
            long fds = count(EVENTFD) + count(PIDFD);
            Registration r = p.registerProcess(h, null);
            assertTrue(isNative(r), r.toString());
            ReadyEvents ev = new ReadyEvents(4);
            assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS));
            assertSame(r, ev.registration(0));
            assertEquals(1, ev.count(0));
            assertEquals(fds, count(EVENTFD) + count(PIDFD), "released after its report");
            assertEquals(0, p.poll(ev, 30, TimeUnit.MILLISECONDS));
        }
    }

    @ParameterizedTest(name = "[{0}] out of fds: each source fails naming its call and EMFILE, and leaves nothing")
    @MethodSource("backends")
    void outOfFdsEachSourceFailsNamingItsCallAndLeavesNothing(Backend backend) throws Exception {
        try (Poller p = openNative(backend, EventSource.PROCESS)) {
            Process child = new ProcessBuilder("sleep", "30").start();
            // Once with fds to spare: loading a class needs an fd, and a class that failed to load stays failed.
            p.registerTimer(Duration.ofMillis(1), Duration.ZERO, null).cancel();
            p.registerUserEvent(null).cancel();
            p.registerProcess(child.toHandle(), null).cancel();
            failure(() -> {
                throw new IOException("warm-up");
            });
            Map<String, Long> before = counts();
            Throwable[] failures = new Throwable[3];
            jnr.posix.POSIX posix = Native.posix();
            int nofile = jnr.constants.platform.RLIMIT.RLIMIT_NOFILE.intValue();
            jnr.posix.RLimit limit = posix.getrlimit(nofile);
            java.util.List<Integer> filler = new java.util.ArrayList<>();
            Native.exception("preload", -1, 24).getMessage(); // load what the failures need before there is no fd
            try {
                int highest = FdSnapshot.take().fds().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                assertEquals(0, posix.setrlimit(nofile, highest + 1, limit.rlimMax()), "setrlimit");
                int fd;
                while ((fd = Native.libc().dup(0)) >= 0) { // fill the holes below the new limit
                    filler.add(fd);
                }
                Registration[] emulatedTimer = new Registration[1];
                failures[0] = failure(() -> emulatedTimer[0] = p.registerTimer(Duration.ofHours(1), Duration.ZERO, null));
                if (emulatedTimer[0] != null) {
                    emulatedTimer[0].cancel();
                }
                failures[1] = failure(() -> p.registerUserEvent(null));
                failures[2] = failure(() -> p.registerProcess(child.toHandle(), null));
            } finally {
                posix.setrlimit(nofile, limit.rlimCur(), limit.rlimMax());
                for (int fd : filler) {
                    Native.libc().close(fd);
                }
                child.destroyForcibly().waitFor();
            }
            boolean timerfds = p.capabilities().support(EventSource.TIMER) == Support.NATIVE;
            if (!timerfds) {
                assertEquals(null, failures[0], "an emulated timer needs no fd");
            }
            String[] calls = {"timerfd_create", "eventfd", "pidfd_open"};
            for (int i = timerfds ? 0 : 1; i < 3; i++) {
                Throwable f = failures[i];
                assertTrue(f instanceof io.github.fdmux.NativeCallException && f.getMessage().contains(calls[i])
                        && f.getMessage().contains("EMFILE"), calls[i] + ": " + f);
            }
            assertEquals(before, counts(), "nothing left open");
            assertEquals(0, p.pollNow(new ReadyEvents(4)), "no source was registered");
            UserEvent u = p.registerUserEvent(null);
            assertTrue(isNative(u), "the poller still works");
            u.trigger();
            assertEquals(1, p.poll(new ReadyEvents(4), 5, TimeUnit.SECONDS));
        }
    }

    /** @return what {@code call} threw, or null: each failure is looked at once the fds are back */
    private static Throwable failure(Executable call) {
        try {
            call.execute();
            return null;
        } catch (Exception e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @org.junit.jupiter.api.Test
    void selectEmulatesAUserEventWhoseEventfdIsNotBelowFdSetSize() throws Exception {
        try (Poller p = openNative(Backend.SELECT, EventSource.USER)) {
            int limit = p.capabilities().fdLimit().orElseThrow();
            java.util.List<Integer> filler = new java.util.ArrayList<>();
            try {
                int fd;
                do { // take every number below FD_SETSIZE: the next fd opened is numbered above it
                    fd = Native.libc().dup(0);
                    assertTrue(fd >= 0, "dup: " + Native.errnoName(Native.errno()));
                    filler.add(fd);
                } while (fd < limit - 1);
                long eventfds = count(EVENTFD);
                UserEvent u = p.registerUserEvent("u");
                assertFalse(isNative(u), "an eventfd numbered " + limit + " or more cannot be in an fd_set: " + u);
                assertEquals(eventfds, count(EVENTFD), "the eventfd it could not use is closed");
                u.trigger();
                u.trigger();
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(1, p.poll(ev, 5, TimeUnit.SECONDS), "the emulated user event reports");
                assertSame(u, ev.registration(0));
                assertEquals(2, ev.count(0));
            } finally {
                for (int fd : filler) {
                    Native.libc().close(fd);
                }
            }
        }
    }

    private static void awaitElapsed(long start, long millis) throws InterruptedException {
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left); // the condition is the time itself
        }
    }
}
