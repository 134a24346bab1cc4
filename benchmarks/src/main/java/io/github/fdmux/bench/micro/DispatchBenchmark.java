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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Level-triggered dispatch: N registered fds, M of them readable and left readable, one
 * non-blocking poll and a visit of every event per operation. Score: ns per poll; divide by M
 * for ns per ready event. With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per poll.
 *
 * <p>M is capped at N (N = 10, M = 100 measures 10 ready of 10). The setup checks that a poll
 * really returns M events, so a subject that drops events fails instead of looking fast.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark extends ReadyFdsBenchmark {
    @Param({"EPOLL_LEVEL", "EPOLL_LEVEL_RETRIGGERED", "EPOLL_EDGE_RETRIGGERED", "POLL", "NIO", "JDK_SELECTED_KEYS", "JDK_SELECT_CONSUMER",
        "ENXIO", "RAW_EPOLL_JNR"})
    String subject;

    private boolean retrigger;
    private int expected;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        expected = Math.min(m, n);
        retrigger = subject.endsWith("_RETRIGGERED");
        String name = retrigger ? subject.substring(0, subject.length() - "_RETRIGGERED".length()) : subject;
        try {
            open(name);
            if (!retrigger) {
                fds.fill();
            }
            Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly"
                    + " is dangerous.");
            for (int i = 0; i < 3; i++) {
                int got = op(bh);
                if (got != expected) {
                    throw new IllegalStateException(subject + " returned " + got + " events, expected " + expected);
                }
            }
            bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        } catch (IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /**
     * One poll and visit. EDGE reports an fd once per arrival, so a fair EDGE operation first
     * writes one byte into each of the M pipes (M write(2) calls, the same ones
     * {@link EdgeCostBenchmark} measures alone, to subtract); every 8192 operations it drains them.
     */
    @Benchmark
    public int pollAndVisit(Blackhole bh) throws IOException {
        return op(bh);
    }

    private int op(Blackhole bh) throws IOException {
        if (retrigger) {
            retrigger();
        }
        return s.pollAndVisit(bh);
    }
}
