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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Wakeup latency: a second thread blocks in a poll without timeout; the benchmark thread calls
 * {@code wakeup()} and spins until that poll has returned (the poller thread bumps a volatile
 * counter after each return, then polls again). One operation = wakeup call + the kernel waking
 * the other thread + its poll returning. Sampled, so JMH prints p50 and p99.
 *
 * <p>Before each operation (untimed, {@code Level.Invocation}) the benchmark waits until the poller
 * thread has called poll again and then 50 µs more, so that the wakeup finds it asleep in the
 * kernel: without that pause a wakeup often lands before the poll blocks, and the figure would
 * be a mix of "wake a sleeping thread" and "return at once", in proportions that depend on how
 * long each subject takes to get back into its wait.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WakeupBenchmark extends MicroDefaults {
    @Param({"EPOLL", "POLL", "NIO", "JDK", "ENXIO"})
    String subject;

    private Poller poller;
    private Selector selector;
    private Thread waiter;
    private volatile boolean running;
    private volatile long returns;
    /** The poller thread is about to call poll, or is in it. */
    private volatile boolean polling;
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
                polling = true;
                if (poller != null) {
                    poller.poll(events, Poller.FOREVER);
                } else {
                    selector.select();
                }
                polling = false;
                returns++; // single writer
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Setup(Level.Invocation)
    public void letItSleep() {
        while (!polling && failure == null) {
            Thread.onSpinWait();
        }
        long until = System.nanoTime() + 50_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
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
