package io.github.fdmux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.spi.BackendProvider;
import io.github.fdmux.spi.BackendSelector;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The automatic choice falls through a backend that is available but fails to open: EPOLL refused
 * as a seccomp filter refuses epoll_create1 (EPERM), over the real installed providers.
 */
class BackendFallThroughTest {

    /** The installed EPOLL provider, except that open() fails as epoll_create1 does under seccomp. */
    static final class RefusedEpoll implements BackendProvider {
        final BackendProvider real;
        final AtomicInteger opens = new AtomicInteger();

        RefusedEpoll(BackendProvider real) {
            this.real = real;
        }

        @Override
        public Backend backend() {
            return Backend.EPOLL;
        }

        @Override
        public Availability availability() {
            return real.availability(); // the probe passed: only creating the instance fails
        }

        @Override
        public Capabilities capabilities() {
            return real.capabilities();
        }

        @Override
        public Poller open(String selectionReason) throws IOException {
            opens.incrementAndGet();
            throw Native.exception("epoll_create1(EPOLL_CLOEXEC)", -1, Errnos.EPERM,
                    "epoll is refused here, probably by a seccomp filter; use POLL (FDMUX_BACKEND=poll)");
        }
    }

    @Test
    void epollFailingToOpenFallsThroughToAWorkingPoll() throws Exception {
        List<BackendProvider> providers = new ArrayList<>();
        RefusedEpoll refused = null;
        boolean pollInstalled = false;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.backend() == Backend.EPOLL) {
                refused = new RefusedEpoll(p);
                providers.add(refused);
            } else {
                pollInstalled |= p.backend() == Backend.POLL && p.availability().available();
                providers.add(p);
            }
        }
        assumeTrue(refused != null && refused.availability().available(),
                "needs the EPOLL provider installed and available (Linux)");
        assumeTrue(pollInstalled, "needs the POLL provider installed and available");

        // No fdmux.backend / FDMUX_BACKEND: the automatic order.
        BackendSelector selector = new BackendSelector(providers, "Linux", name -> null, name -> null);
        try (Poller poller = selector.open()) {
            assertEquals(1, refused.opens.get(), "EPOLL was tried first");
            assertEquals(Backend.POLL, poller.backend());
            String why = poller.selectionReason();
            assertTrue(why.startsWith("POLL: chosen after EPOLL failed to open: "), why);
            assertTrue(why.contains("epoll_create1(EPOLL_CLOEXEC)") && why.contains("EPERM"), why);

            Pipe pipe = Pipe.open();
            try {
                pipe.source().configureBlocking(false);
                Registration r = poller.register(pipe.source(), Interest.READ, Mode.LEVEL, "chosen");
                ReadyEvents ev = new ReadyEvents(4);
                assertEquals(0, poller.pollNow(ev));
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
                assertEquals(1, poller.poll(ev, 2_000), "a real poll(2) reports the pipe");
                assertEquals(r, ev.registration(0));
                assertTrue(ev.isReadable(0));
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }
}
