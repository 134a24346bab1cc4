package io.github.fdmux.cli.serve;

import java.util.concurrent.TimeUnit;

/**
 * A line on standard error at most once per interval per kind of trouble; the lines suppressed in
 * between are counted and said with the next one. A hostile client (or the fd limit) can make the
 * same failure happen thousands of times a second: the log must stay bounded. Thread-safe.
 */
final class RateLimitedLog {
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * Prints {@code "fdmux serve: " + message}, or counts it if a line was printed less than an
     * interval ago.
     *
     * @param message what happened
     * @param now {@link System#nanoTime()}
     * @return whether it was printed
     */
    synchronized boolean log(String message, long now) {
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return false;
        }
        String more = suppressed == 0 ? "" : " (" + suppressed + " more like it since the last report)";
        System.err.println("fdmux serve: " + message + more);
        logged = true;
        lastNanos = now;
        suppressed = 0;
        return true;
    }
}
