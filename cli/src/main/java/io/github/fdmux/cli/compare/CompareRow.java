package io.github.fdmux.cli.compare;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;

/**
 * One row of {@code fdmux compare}: a backend and mode under ping-pong load, measured over the
 * measuring window (after the warm-up).
 *
 * @param backend        the server's backend
 * @param mode           the server's mode
 * @param support        native or emulated
 * @param seconds        the measuring window
 * @param roundTrips     completed round trips
 * @param p50Nanos       median round-trip latency
 * @param p99Nanos       99th percentile round-trip latency
 * @param polls          the server pollers' kernel wait calls
 * @param events         ready events they delivered
 * @param changes        interest changes they sent to the kernel (epoll_ctl calls, kevent changes, ...)
 * @param wakeups        wakeup signals written
 * @param cpuNanos       CPU time of the server's threads, -1 if unknown
 * @param allocatedBytes heap bytes the server's threads allocated, -1 if unknown
 * @param errors         client connections that failed
 */
public record CompareRow(Backend backend, Mode mode, Support support, double seconds, long roundTrips, long p50Nanos,
        long p99Nanos, long polls, long events, long changes, long wakeups, long cpuNanos, long allocatedBytes,
        long errors) {

    /** @return e.g. {@code "EPOLL edge"} */
    public String label() {
        return backend + " " + mode.id();
    }

    /** @return round trips per second */
    public double roundTripsPerSecond() {
        return seconds > 0 ? roundTrips / seconds : 0;
    }

    /** @return server poll calls per round trip */
    public double pollsPerRoundTrip() {
        return ratio(polls, roundTrips);
    }

    /** @return events per server poll call */
    public double eventsPerPoll() {
        return ratio(events, polls);
    }

    /** @return interest changes per round trip */
    public double changesPerRoundTrip() {
        return ratio(changes, roundTrips);
    }

    /** @return the server threads' CPU seconds, or NaN if unknown */
    public double cpuSeconds() {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e9;
    }

    /** @return round trips per server CPU second, or NaN if unknown */
    public double roundTripsPerCpuSecond() {
        return cpuNanos <= 0 ? Double.NaN : roundTrips / cpuSeconds();
    }

    /** @return heap bytes the server allocated per round trip, or NaN if unknown */
    public double allocatedBytesPerRoundTrip() {
        return allocatedBytes < 0 ? Double.NaN : ratio(allocatedBytes, roundTrips);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
