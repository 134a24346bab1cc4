package io.github.fdmux.bench.micro;

import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state {@link DispatchBenchmark} and {@link EdgeCostBenchmark} share (JMH reads parameters
 * and tear-downs from the superclass, as in its sample 24, "Inheritance"): N registered fds of which
 * M are readable, one subject polling them, and the EDGE re-trigger both measure, so that the
 * subtraction EdgeCostBenchmark exists for compares the same work.
 */
public abstract class ReadyFdsBenchmark extends MicroDefaults {
    @Param({"10", "1000", "10000"})
    int n;

    @Param({"1", "100"})
    int m;

    ReadyFds fds;
    DispatchSubject s;
    private long ops;

    /**
     * Opens the N fds, M of them ready (M is capped at N), and {@code subject} over them; closes
     * what it opened if that fails (JMH does not tear down a trial whose setup threw).
     */
    final void open(String subject) throws IOException {
        try {
            fds = new ReadyFds(n, Math.min(m, n));
            s = DispatchSubject.open(subject, fds);
        } catch (IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /**
     * Makes the M ready fds readable again with one one-byte write each (EDGE reports an fd once
     * per arrival); every 8192 operations drains them, so that the pipes never fill.
     */
    final void retrigger() throws IOException {
        if ((++ops & 8191) == 0) {
            fds.drain();
        }
        fds.retrigger();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (s != null) {
            s.close();
            s = null;
        }
        if (fds != null) {
            fds.close();
            fds = null;
        }
    }
}
