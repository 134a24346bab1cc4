package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import org.junit.jupiter.api.Test;

/** kevent interrupted by a signal (EINTR) is retried with the time that is left. */
class KqueueInterruptTest {

    /** pthread_self / pthread_kill, to interrupt exactly the polling thread. */
    public interface PThreads {
        /** @return the calling thread */
        long pthread_self();

        /**
         * @param thread a thread
         * @param sig a signal
         * @return 0 or an errno
         */
        int pthread_kill(long thread, int sig);
    }

    @Test
    void eintrIsRetriedWithTheRemainingTimeout() throws Exception {
        KqueueBackendProvider provider = new KqueueBackendProvider();
        assumeTrue(provider.availability().available(), () -> "KQUEUE unavailable: " + provider.availability().reason());
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("URG"), sig -> { });
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "cannot install a SIGURG handler in this JVM: " + e.getMessage());
        }
        PThreads pt = LibraryLoader.create(PThreads.class).load(Platform.getNativePlatform().getStandardCLibraryName());
        try (Poller p = provider.open("test")) {
            CompletableFuture<Long> self = new CompletableFuture<>();
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    self.complete(pt.pthread_self());
                    long t0 = System.nanoTime();
                    assertEquals(0, p.poll(new ReadyEvents(4), 600, TimeUnit.MILLISECONDS));
                    elapsed.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                } catch (Throwable e) {
                    elapsed.completeExceptionally(e);
                }
            });
            t.start();
            long thread = self.get();
            long pollsBefore = p.stats().polls();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(100);
                assertEquals(0, pt.pthread_kill(thread, Signal.SIGURG.intValue()), "pthread_kill");
            }
            long ms = elapsed.get(5, TimeUnit.SECONDS);
            assertTrue(ms >= 600, "the poll ran its whole timeout despite the signals: " + ms + " ms");
            assertTrue(ms < 2000, "and not much more: " + ms + " ms");
            assertTrue(p.stats().polls() - pollsBefore >= 2, "kevent was interrupted and retried: "
                    + (p.stats().polls() - pollsBefore) + " calls");
        }
    }
}
