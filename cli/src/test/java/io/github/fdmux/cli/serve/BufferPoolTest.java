package io.github.fdmux.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The buffer pool's budget and reuse, and the rate-limited log beside it. */
class BufferPoolTest {

    @Test
    void takesWithinTheBudgetAndFailsAtOncePastIt() {
        AtomicLong budget = new AtomicLong(3 * 1024);
        BufferPool pool = new BufferPool(1024, 1, budget);
        ByteBuffer a = pool.take();
        ByteBuffer b = pool.take();
        ByteBuffer c = pool.take();
        assertEquals(0, budget.get());
        long t0 = System.nanoTime();
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, pool::take);
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(100),
                "no System.gc() and back-off sleeps as the JDK's own limit would do");
        assertEquals(0, budget.get(), "a refused take leaves the budget as it was");
        pool.give(a);                  // kept for reuse: still counted
        assertEquals(0, budget.get());
        pool.give(b);                  // the pool keeps one: this one is dropped and its bytes come back
        assertEquals(1024, budget.get());
        a.put((byte) 1);
        pool.give(c);
        assertSame(a, pool.take(), "a kept buffer is reused");
        assertEquals(0, pool.take().position(), "cleared");
    }

    @Test
    void rateLimitedLogSaysOnceAnIntervalAndCountsTheRest() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RateLimitedLog log = new RateLimitedLog(1, TimeUnit.SECONDS);
            long t = 1_000_000_000L;
            assertTrue(log.log("accept failed", t));
            for (int i = 1; i <= 1000; i++) {
                assertTrue(!log.log("accept failed", t + i * 100_000L), "within the second: counted, not printed");
            }
            assertTrue(log.log("accept failed", t + TimeUnit.SECONDS.toNanos(1)));
        } finally {
            System.setErr(saved);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, captured.toString(StandardCharsets.UTF_8));
        assertEquals("fdmux serve: accept failed", lines[0]);
        assertEquals("fdmux serve: accept failed (1000 more like it since the last report)", lines[1]);
    }
}
