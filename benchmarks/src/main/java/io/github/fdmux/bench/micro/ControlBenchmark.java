package io.github.fdmux.bench.micro;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
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
 * The control path, in operations per second, on the read end of an empty pipe (never ready, so
 * the polls return nothing and measure only the change):
 * <ul>
 *   <li>{@code registerCancel}: register for READ, poll, cancel, poll (non-blocking polls). The
 *       JDK Selector makes its epoll_ctl calls only in the next select, and a channel registered
 *       and cancelled before any select never reaches the kernel at all; with a poll after each
 *       step every subject makes the kernel add and remove the fd: the same work, done. fdmux's
 *       native backends make the call inside {@code register} and {@code cancel}.</li>
 *   <li>{@code modify}: flip the interest READ / none. fdmux makes the kernel call there and then;
 *       the JDK's {@code interestOps} only queues the change for the next select.</li>
 *   <li>{@code modifyPoll}: the flip and a non-blocking poll, so the JDK's deferred epoll_ctl is
 *       counted too.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ControlBenchmark extends MicroDefaults {
    @Param({"EPOLL", "POLL", "NIO", "JDK"})
    String subject;

    private Pipe pipe;
    /** Registered and cancelled by {@link #registerCancel}. */
    private Pipe other;
    private Poller poller;
    private ReadyEvents events;
    private Registration registration;
    private Selector selector;
    private SelectionKey key;
    private boolean flip;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        other = Pipe.open();
        other.source().configureBlocking(false);
        if (subject.equals("JDK")) {
            selector = Selector.open();
            key = pipe.source().register(selector, SelectionKey.OP_READ);
        } else {
            poller = Pollers.open(Backend.valueOf(subject));
            events = new ReadyEvents(16);
            registration = poller.register(pipe.source(), Interest.READ, io.github.fdmux.Mode.LEVEL, null);
        }
    }

    @Benchmark
    public int registerCancel() throws IOException {
        if (selector != null) {
            SelectionKey k = other.source().register(selector, SelectionKey.OP_READ);
            selector.selectNow(); // the JDK's epoll_ctl(ADD) happens here
            k.cancel();
            return selector.selectNow(); // and its epoll_ctl(DEL) here
        }
        Registration r = poller.register(other.source(), Interest.READ, io.github.fdmux.Mode.LEVEL, null);
        poller.pollNow(events);
        r.cancel();
        return poller.pollNow(events);
    }

    @Benchmark
    public void modify() throws IOException {
        flip = !flip;
        if (selector != null) {
            key.interestOps(flip ? 0 : SelectionKey.OP_READ);
        } else {
            registration.modify(flip ? Interest.NONE : Interest.READ);
        }
    }

    @Benchmark
    public int modifyPoll() throws IOException {
        modify();
        return selector != null ? selector.selectNow() : poller.pollNow(events);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (poller != null) {
            poller.close();
        }
        if (selector != null) {
            selector.close();
        }
        pipe.source().close();
        pipe.sink().close();
        other.source().close();
        other.sink().close();
    }
}
