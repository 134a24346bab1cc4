package io.github.fdmux.bench.micro;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The re-trigger work of {@link DispatchBenchmark}'s {@code *_RETRIGGERED} subjects alone (M
 * one-byte writes into pipes registered EDGE with an epoll poller, drained every 8192 operations),
 * to subtract from them: what is left is the poll and the visit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EdgeCostBenchmark extends ReadyFdsBenchmark {
    @Setup(Level.Trial)
    public void setup() throws IOException {
        open("EPOLL_EDGE"); // registered, as in the measured case, but never polled
    }

    @Benchmark
    public void retriggerOnly() throws IOException {
        retrigger();
    }
}
