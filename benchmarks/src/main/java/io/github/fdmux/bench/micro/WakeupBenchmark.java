package io.github.fdmux.bench.micro;

import io.github.fdmux.Backend;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wakeup latency: a second thread blocks in a poll without timeout; the benchmark thread calls
 * {@code wakeup()} and spins until that poll has returned (the poller thread bumps a volatile
 * counter after each return, then polls again). One operation = wakeup call + the kernel waking
 * the other thread + its poll returning. Sampled, so JMH prints p50 and p99.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED"})
public class WakeupBenchmark {
    @Param({"EPOLL", "POLL", "NIO", "JDK", "ENXIO"})
    String subject;

    private Poller poller;
    private Selector selector;
    private Thread waiter;
    private volatile boolean running;
    private volatile long returns;
    private volatile Throwable failure;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        switch (subject) {
            case "JDK":
                selector = Selector.open();
                break;
            case "ENXIO":
                selector = jnr.enxio.channels.NativeSelectorProvider.getInstance().openSelector();
                break;
            default:
                poller = Pollers.open(Backend.valueOf(subject));
        }
        running = true;
        waiter = new Thread(this::waitLoop, "wakeup-waiter");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void waitLoop() {
        ReadyEvents events = new ReadyEvents(16);
        try {
            while (running) {
                if (poller != null) {
                    poller.poll(events, Poller.FOREVER);
                } else {
                    selector.select();
                }
                returns++; // single writer
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Benchmark
    public long wakeupAndReturn() {
        long before = returns;
        if (poller != null) {
            poller.wakeup();
        } else {
            selector.wakeup();
        }
        long now;
        while ((now = returns) == before) {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            Thread.onSpinWait();
        }
        return now;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        running = false;
        if (poller != null) {
            poller.wakeup();
        } else {
            selector.wakeup();
        }
        waiter.join(5_000);
        if (poller != null) {
            poller.close();
        } else {
            selector.close();
        }
    }
}
