package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.fail;

import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.unix.ThreadSignals;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The EINTR check every backend gets (the catalogue's {@code signalsDoNotShortenTheWait}) and the
 * backends' own tests of their two wait calls (ppoll/poll, pselect/select) share. Thread-safe.
 */
public final class Signals {
    private Signals() {
    }

    /** @return null once a SIGURG handler is installed (idempotent), else why this JVM cannot have one */
    public static String handlerMissing() {
        try {
            ThreadSignals.installHandler();
            return null;
        } catch (IllegalArgumentException | LinkageError e) {
            return "cannot handle SIGURG in this JVM: " + e;
        }
    }

    /**
     * Three signals (SIGURG, {@link #handlerMissing()} installed) delivered to a thread polling
     * {@code p} for 600 ms, whose wait then fails with EINTR: the poll neither ends early nor takes
     * much longer, and on a native backend (which makes the wait itself) the wait was retried. (The
     * JDK's Selector retries EINTR inside select, invisibly.)
     *
     * @param p a poller with nothing ready
     * @throws Exception on failure
     */
    public static void assertTheyDoNotShortenTheWait(Poller p) throws Exception {
        CompletableFuture<Long> thread = new CompletableFuture<>();
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                thread.complete(ThreadSignals.self());
                long t0 = System.nanoTime();
                int n = p.poll(new ReadyEvents(4), 600, TimeUnit.MILLISECONDS);
                if (n != 0) {
                    throw new AssertionError(n + " events from a poller with nothing ready");
                }
                elapsed.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            } catch (Throwable e) {
                elapsed.completeExceptionally(e);
            }
        }, "fdmux-test-signalled");
        t.setDaemon(true);
        t.start();
        long pollsBefore = p.stats().polls();
        for (int i = 0; i < 3; i++) {
            Fixture.sleep(100); // spaces the signals out over the 600 ms wait; not a wait for a condition
            ThreadSignals.interrupt(thread.get());
        }
        long ms = elapsed.get(5, TimeUnit.SECONDS);
        if (ms < 600 || ms >= 2_000) {
            fail("the poll took " + ms + " ms, not its 600 ms timeout despite the signals");
        }
        if (p.capabilities().rawFds() && p.stats().polls() - pollsBefore < 2) {
            fail("the wait was not interrupted and retried: " + (p.stats().polls() - pollsBefore) + " kernel waits");
        }
    }
}
