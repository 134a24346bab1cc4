package io.github.fdmux.bench.micro;

import io.github.fdmux.Backend;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.UserEvent;
import java.io.IOException;
import java.time.Duration;
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
 * The cost of timers and user events on the polling thread, with {@code -prof gc} the proof that
 * they allocate nothing in steady state: {@code trigger} is one {@link UserEvent#trigger()} and the
 * {@code pollNow} that reports it; {@code idlePoll} is a {@code pollNow} that finds nothing while
 * {@code timers} far-future timers are pending (the emulated timer heap reads only its first entry,
 * so the figure must not grow with {@code timers}; native timers are timerfds or knotes the kernel
 * holds). Whether a backend's sources are native or emulated: {@code fdmux info}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SourcesBenchmark extends MicroDefaults {
    @Param({"EPOLL", "POLL", "NIO"})
    String subject;

    @Param({"10", "10000"})
    int timers;

    private Poller poller;
    private UserEvent user;
    private final ReadyEvents events = new ReadyEvents(16);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        poller = Pollers.open(Backend.valueOf(subject));
        user = poller.registerUserEvent("u");
        for (int i = 0; i < timers; i++) {
            poller.registerTimer(Duration.ofHours(1).plusMillis(i), Duration.ZERO, null);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        poller.close();
    }

    @Benchmark
    public long trigger() throws IOException {
        user.trigger();
        if (poller.pollNow(events) != 1) {
            throw new IllegalStateException("the trigger was not reported: " + events);
        }
        return events.count(0);
    }

    @Benchmark
    public int idlePoll() throws IOException {
        return poller.pollNow(events);
    }
}
