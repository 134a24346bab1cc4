package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a behaviour against a target: a fresh fixture, a hard timeout (a hang is a failure with a
 * thread dump, not a stuck build), and the fd-leak check around it.
 *
 * <p>Thread-safe; behaviours run one at a time per runner.
 */
public final class Runner {
    /** A behaviour that takes longer than this has hung. */
    public static final long TIMEOUT_SECONDS = 60;

    private static volatile boolean warmedUp;

    private Runner() {
    }

    /**
     * @param behaviour the behaviour
     * @param target backend and mode
     * @return what happened
     */
    public static synchronized Outcome run(Behaviour behaviour, Target target) {
        warmUp();
        String expected = behaviour.expected(target, variant(target.backend()));
        long start = System.nanoTime();
        FdSnapshot before = FdSnapshot.take();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conformance-" + behaviour.name());
            t.setDaemon(true);
            return t;
        });
        String observed = null;
        Throwable failure = null;
        try {
            Future<String> f = exec.submit(() -> {
                try (Fixture fixture = new Fixture(target)) {
                    return behaviour.check().run(fixture);
                }
            });
            observed = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = new AssertionError(behaviour.name() + " on " + target + " did not finish in " + TIMEOUT_SECONDS
                    + " s; threads:\n" + threadDump());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } finally {
            exec.shutdownNow();
        }
        if (failure == null) {
            Map<Integer, String> leaked = leaks(before);
            if (!leaked.isEmpty()) {
                failure = new AssertionError(behaviour.name() + " on " + target + " leaked fds: " + leaked);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Outcome(behaviour, target, observed, expected, failure, millis);
    }

    /**
     * @param backend a backend
     * @return the implementation variant it runs as here ({@link io.github.fdmux.Capabilities#variant()}),
     *     or an empty string
     */
    public static String variant(Backend backend) {
        for (io.github.fdmux.BackendStatus s : Pollers.statuses()) {
            if (s.backend() == backend && s.capabilities().isPresent()) {
                return s.capabilities().get().variant();
            }
        }
        return "";
    }

    private static Map<Integer, String> leaks(FdSnapshot before) {
        Map<Integer, String> leaked = FdSnapshot.take().leakedSince(before);
        // Some closes complete asynchronously (a JDK channel closed while registered with a
        // Selector is released when the key is flushed); give them a moment.
        for (int i = 0; i < 20 && !leaked.isEmpty(); i++) {
            Fixture.sleep(25);
            leaked = FdSnapshot.take().leakedSince(before);
        }
        return leaked;
    }

    /**
     * Opens once what the JDK and JNR create lazily and keep for the life of the process (the
     * JDK's pre-close socket pair, native stubs), so the leak check does not blame a behaviour.
     */
    private static void warmUp() {
        if (warmedUp) {
            return;
        }
        warmedUp = true;
        try (Selector s = Selector.open(); DatagramChannel d = DatagramChannel.open()) {
            s.selectNow();
            d.configureBlocking(false);
        } catch (IOException e) {
            // the behaviours will report it
        }
        for (Backend b : Backend.values()) {
            try (Poller p = Pollers.open(b)) {
                try (Fixture f = new Fixture(new Target(b, Mode.LEVEL))) {
                    Resources.Pair pair = f.tcpPair();
                    f.register(pair.server, Interest.READ);
                    f.pipe();
                    f.poll(0);
                }
                p.pollNow(new io.github.fdmux.ReadyEvents(1));
            } catch (Exception | LinkageError e) {
                // unavailable backend: nothing to warm up
            }
        }
    }

    private static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            sb.append(ti);
        }
        return sb.toString();
    }
}
