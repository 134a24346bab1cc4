package io.github.fdmux.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A steady-state poll allocates nothing: 10,000 polls delivering events (four ready pipes, a buffer
 * of two, so the backlog path runs on every poll) allocate less than one byte per poll in total.
 *
 * <p>The JDK's EPollSelectorImpl (and KQueueSelectorImpl) look keys up in a
 * {@code HashMap<Integer, SelectionKeyImpl>}, boxing the fd of every ready key (and of every interest
 * change): 16 bytes per ready key per select once fd numbers pass the Integer cache (127). This
 * module's tests run with {@code -XX:AutoBoxCacheMax=65536} so that what is measured is fdmux's own
 * code; applications can do the same. PollSelectorImpl keeps its keys in an array and allocates nothing.
 */
class NioAllocationTest {
    private static final int POLLS = 10_000;

    static Stream<Arguments> targets() {
        List<Arguments> out = new ArrayList<>();
        for (String p : Providers.names()) {
            out.add(Arguments.of(p, Mode.LEVEL));
            out.add(Arguments.of(p, Mode.ONESHOT));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void steadyStatePollsAllocateNothing(String providerName, Mode mode) throws Exception {
        ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) std).isThreadAllocatedMemorySupported(),
                "this JVM cannot count a thread's allocated bytes (com.sun.management.ThreadMXBean)");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        mx.setThreadAllocatedMemoryEnabled(true);
        SelectorProvider provider = Providers.get(providerName);
        assumeTrue(Integer.valueOf(65535) == Integer.valueOf(65535), "the JDK's epoll, kqueue and Windows selectors"
                + " box every ready fd above 127 (16 bytes each); run with -XX:AutoBoxCacheMax=65536 to measure fdmux"
                + " alone");
        List<Pipe> pipes = new ArrayList<>();
        try (Poller poller = NioPollers.open(provider)) {
            for (int i = 0; i < 4; i++) {
                Pipe p = Pipe.open();
                pipes.add(p);
                p.source().configureBlocking(false);
                poller.register(p.source(), Interest.READ, mode, null);
                assertEquals(1, p.sink().write(ByteBuffer.wrap(new byte[] {1})));
            }
            ReadyEvents events = new ReadyEvents(2);
            long tid = Thread.currentThread().getId();
            for (int warm = 0; warm < 3; warm++) {
                polls(poller, events, mode);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = mx.getThreadAllocatedBytes(tid);
                int delivered = polls(poller, events, mode);
                long bytes = mx.getThreadAllocatedBytes(tid) - before;
                assertEquals(2 * POLLS, delivered, "every poll filled the buffer of two");
                best = Math.min(best, bytes);
            }
            System.out.printf("NIO %s %s: %d bytes allocated by %,d polls (%.3f bytes/poll)%n",
                    provider.getClass().getSimpleName(), mode, best, POLLS, (double) best / POLLS);
            assertTrue(best < POLLS, provider.getClass().getSimpleName() + " " + mode + ": " + best + " bytes in "
                    + POLLS + " polls; one allocation per poll would be at least 16 bytes each");
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    private static int polls(Poller poller, ReadyEvents events, Mode mode) throws Exception {
        int delivered = 0;
        for (int i = 0; i < POLLS; i++) {
            int n = poller.poll(events, 1000);
            delivered += n;
            if (mode == Mode.ONESHOT) {
                for (int j = 0; j < n; j++) {
                    events.registration(j).rearm();
                }
            }
        }
        return delivered;
    }
}
