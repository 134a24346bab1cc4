package io.github.fdmux.bench.micro;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The re-trigger work of {@link DispatchBenchmark}'s {@code *_RETRIGGERED} subjects alone (M
 * one-byte writes into pipes registered EDGE with an epoll poller, drained every 8192 operations),
 * to subtract from them: what is left is the poll and the visit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EdgeCostBenchmark extends MicroDefaults {
    @Param({"10", "1000", "10000"})
    int n;

    @Param({"1", "100"})
    int m;

    private ReadyFds fds;
    private DispatchSubject s;
    private long ops;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        fds = new ReadyFds(n, Math.min(m, n));
        s = DispatchSubject.open("EPOLL_EDGE", fds); // registered, as in the measured case, but never polled
    }

    @Benchmark
    public void retriggerOnly() throws IOException {
        if ((++ops & 8191) == 0) {
            fds.drain();
        }
        fds.retrigger();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        s.close();
        fds.close();
    }
}
