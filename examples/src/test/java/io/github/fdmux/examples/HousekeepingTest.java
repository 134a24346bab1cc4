package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's housekeeping loop (timers, signals, processes, user events) on every backend available here. */
@Timeout(60)
class HousekeepingTest {

    /** 8 threads hand the loop 4,000 tasks: all run, in the loop thread, and every trigger is counted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void workFromEightThreadsRunsInTheLoopAndEveryTriggerIsCounted(Backend backend) throws Exception {
        try (Poller poller = Pollers.open(backend)) {
            Housekeeping loop = new Housekeeping(poller, Duration.ofMillis(50), Duration.ofMillis(500), line -> { });
            Thread thread = new Thread(loop, "housekeeping-loop");
            thread.start();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger elsewhere = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread s = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        loop.submit(() -> {
                            ran.incrementAndGet();
                            if (Thread.currentThread() != thread) {
                                elsewhere.incrementAndGet();
                            }
                        });
                    }
                });
                senders.add(s);
                s.start();
            }
            for (Thread s : senders) {
                s.join();
            }
            waitUntil(() -> ran.get() == 4_000, "every task ran: " + ran);
            thread.join(10_000); // it stops 500 ms after the last event
            assertTrue(!thread.isAlive(), "the idle timeout stopped the loop");
            assertEquals(0, elsewhere.get(), "tasks run in the loop thread only");
            long triggers = 0;
            int events = 0;
            for (String line : loop.journal()) {
                if (line.startsWith("mail: ")) {
                    triggers += Long.parseLong(line.substring(6, line.indexOf(' ', 6)));
                    events++;
                }
            }
            assertEquals(4_000, triggers, "the counts of the user events add up to the triggers: " + loop.journal());
            assertTrue(events >= 1 && events <= 4_000, events + " user events");
            assertEquals("idle for 500 ms", loop.stoppedBy());
        }
    }

    /** A child that exits is reported with its status; one that has already exited, at the next poll. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void childExitsAreReported(Backend backend) throws Exception {
        assumeTrue(onPath("sh"), "no sh on the PATH to start child processes with");
        try (Poller poller = Pollers.open(backend)) {
            Housekeeping loop = new Housekeeping(poller, Duration.ofMillis(50), Duration.ofSeconds(2), line -> { });
            Thread thread = new Thread(loop, "housekeeping-loop");
            thread.start();
            Process exited = new ProcessBuilder("sh", "-c", "exit 4").start();
            assertEquals(4, exited.waitFor());
            loop.watch(exited);
            Process running = new ProcessBuilder("sh", "-c", "sleep 0.2; exit 3").start();
            loop.watch(running);
            waitUntil(() -> loop.journal().contains("process " + running.pid() + " exited with 3"), "the child's exit");
            assertTrue(loop.journal().contains("process " + exited.pid() + " exited with 4"), loop.journal().toString());
            assertEquals(1, loop.journal().stream().filter(l -> l.startsWith("process " + running.pid())).count(),
                    "reported once: " + loop.journal());
            thread.join(10_000);
            assertEquals("idle for 2000 ms", loop.stoppedBy());
        }
    }

    /** Idle for the timeout, the loop stops: never early; meanwhile the periodic tick counts its expirations. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void theIdleTimeoutStopsTheLoopAndTheTickTicks(Backend backend) throws Exception {
        try (Poller poller = Pollers.open(backend)) {
            long start = System.nanoTime();
            Housekeeping loop = new Housekeeping(poller, Duration.ofMillis(20), Duration.ofMillis(300), line -> { });
            loop.run();
            long elapsed = System.nanoTime() - start;
            assertEquals("idle for 300 ms", loop.stoppedBy());
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(300), "never early: " + elapsed + " ns");
            // 300 ms of 20 ms periods: 15 expirations when the idle timer fires (a tick due at the same time may come later).
            assertTrue(loop.ticks() >= 14 && loop.ticks() <= elapsed / TimeUnit.MILLISECONDS.toNanos(20),
                    loop.ticks() + " ticks in " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms");
        }
    }

    /** {@code kill -HUP} reloads, {@code kill -TERM} stops the loop; this JVM carries on (its handlers were set aside). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void hupReloadsAndTermStops(Backend backend) throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("windows"), "needs POSIX signals");
        assumeTrue(onPath("kill"), "no kill binary on the PATH to send signals with");
        try (Poller poller = Pollers.open(backend)) {
            Housekeeping loop = new Housekeeping(poller, Duration.ofMillis(50), Duration.ofSeconds(30), line -> { });
            Thread thread = new Thread(loop, "housekeeping-loop");
            thread.start();
            kill("HUP");
            waitUntil(() -> loop.journal().contains("SIGHUP x1: reload"), "the reload");
            kill("TERM");
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "SIGTERM stopped the loop");
            assertEquals("SIGTERM", loop.stoppedBy());
        }
    }

    private static void kill(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "kill ran");
        assertEquals(0, p.exitValue(), "kill -s " + signal);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 20 s for " + what);
            Thread.sleep(5);
        }
    }
}
