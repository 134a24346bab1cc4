package io.github.fdmux.it.reliability;

import io.github.fdmux.conformance.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many cycles of everything that allocates kernel objects or native memory, per backend: afterwards
 * the process's sockets, pipes and anonymous inodes (epoll, eventfd) and fdmux's native memory are
 * exactly where they started.
 */
class LeakTest {
    static final int POLLER_CYCLES = 10_000;
    static final int REGISTRATION_CYCLES = 100_000;

    /** 10,000 pollers opened, used (a registration, a poll, a wakeup) and closed. */
    @ParameterizedTest(name = "[{0}] 10,000 poller open/close cycles")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    void pollerOpenCloseCycles(BackendStatus status) throws Exception {
        Backends.assumeAvailable(status);
        Leaks.warmUp(status.backend());
        ReadyEvents events = new ReadyEvents(8);
        try (Resources r = new Resources()) {
            SocketChannel ch = r.tcpPair().server;
            Leaks before = Leaks.now();
            for (int i = 0; i < POLLER_CYCLES; i++) {
                Poller p = Pollers.open(status.backend());
                try {
                    p.register(ch, Interest.READ_WRITE, Mode.LEVEL, null);
                    p.wakeup();
                    p.pollNow(events);
                } finally {
                    p.close();
                }
                assertFalse(p.isOpen());
            }
            Leaks after = Leaks.now();
            after.assertNothingLeakedSince(before, POLLER_CYCLES + " poller cycles on " + status.backend());
            assertEquals(before.kernelObjects(), after.kernelObjects(), "sockets, pipes and epoll/eventfd fds");
        }
    }

    /**
     * 100,000 register/cancel cycles on one poller, channels and (on native backends) raw fds, in
     * every mode the backend has, with a poll every 64 cycles and data pending so that cancelled
     * registrations had kernel events queued.
     */
    @ParameterizedTest(name = "[{0}] 100,000 register/cancel cycles")
    @MethodSource("io.github.fdmux.it.reliability.Backends#named")
    void registerCancelCycles(BackendStatus status) throws Exception {
        Capabilities caps = Backends.assumeAvailable(status);
        Leaks.warmUp(status.backend());
        Mode[] modes = Backends.modes(caps);
        ReadyEvents events = new ReadyEvents(16);
        Leaks before;
        long delivered = 0;
        try (Resources r = new Resources()) {
            Resources.Pair[] pairs = {r.tcpPair(), r.unixPair(), r.tcpPair(), r.unixPair()};
            for (Resources.Pair pair : pairs) {
                pair.client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
            int[] raw = caps.rawFds() ? r.rawSocketPair() : null;
            before = Leaks.now();
            try (Poller p = Pollers.open(status.backend())) {
                for (int i = 0; i < REGISTRATION_CYCLES; i++) {
                    Mode mode = modes[i % modes.length];
                    Registration reg = raw != null && i % 5 == 4
                            ? p.register(raw[0], Interest.READ_WRITE, mode, i)
                            : p.register(pairs[i % pairs.length].server, Interest.READ, mode, i);
                    if (i % 64 == 0) {
                        delivered += p.pollNow(events);
                    }
                    assertTrue(reg.cancel(), "cancel of a live registration");
                    if (i % 64 == 1) {
                        assertEquals(0, p.pollNow(events), "nothing registered: nothing reported");
                    }
                }
            }
            assertTrue(delivered > 0, "the registrations did report while they lived");
            Leaks after = Leaks.now();
            after.assertNothingLeakedSince(before, REGISTRATION_CYCLES + " register/cancel cycles on "
                    + status.backend());
            assertEquals(before.kernelObjects(), after.kernelObjects(), "sockets, pipes and epoll/eventfd fds");
        }
    }
}
