package io.github.fdmux.cli.compare;

/**
 * One round of one row of {@code fdmux compare}: a backend and mode (or a baseline) under
 * ping-pong load, measured over the measuring window (after the warm-up).
 *
 * @param name           the server's backend, e.g. {@code EPOLL}, or the baseline, e.g. {@code THREADS}
 * @param mode           the server's mode, e.g. {@code edge}, or {@code blocking} for a baseline
 * @param round          1-based round number
 * @param seconds        the measuring window
 * @param roundTrips     completed round trips
 * @param p50Nanos       median round-trip latency
 * @param p99Nanos       99th percentile round-trip latency
 * @param polls          the server pollers' kernel wait calls, -1 for a server without a poller
 * @param events         ready events they delivered, -1 without a poller
 * @param changes        interest changes they sent to the kernel (epoll_ctl calls, kevent changes, ...), -1 without
 * @param wakeups        wakeup signals written, -1 without a poller
 * @param cpuNanos       CPU time of the server's threads, -1 if unknown
 * @param allocatedBytes heap bytes the server's threads allocated, -1 if unknown
 * @param errors         client connections that failed
 * @param threads        live platform threads in the JVM at the end of the window
 * @param rssBytes       the process's resident set size at the end of the window, -1 if unknown
 */
public record CompareRow(String name, String mode, int round, double seconds, long roundTrips, long p50Nanos,
        long p99Nanos, long polls, long events, long changes, long wakeups, long cpuNanos, long allocatedBytes,
        long errors, int threads, long rssBytes) {

    /** @return e.g. {@code "EPOLL edge"} */
    public String label() {
        return name + " " + mode;
    }

    /** @return round trips per second */
    public double roundTripsPerSecond() {
        return seconds > 0 ? roundTrips / seconds : 0;
    }
}
