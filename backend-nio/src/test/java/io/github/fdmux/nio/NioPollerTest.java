package io.github.fdmux.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.conformance.Fixture;
import io.github.fdmux.conformance.ForeignChannel;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.Support;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NioPollerTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T t) {
        resources.add(t);
        return t;
    }

    private Poller open(String provider) throws IOException {
        return track(NioPollers.open(Providers.get(provider)));
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        track(p.sink());
        track(p.source());
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private static void write(Pipe p) throws IOException {
        assertEquals(1, p.sink().write(ByteBuffer.wrap(new byte[] {1})));
    }

    /** Polls until {@code r} is reported or 2 s pass. */
    private static int readyOpsOf(Poller poller, Registration r, long millis) throws IOException {
        ReadyEvents ev = new ReadyEvents(16);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            int n = poller.poll(ev, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS);
            for (int i = 0; i < n; i++) {
                if (ev.registration(i) == r) {
                    return ev.readyOps(i);
                }
            }
        } while (System.nanoTime() < deadline);
        return 0;
    }

    /** Polls forever in another thread and waits until that poll blocks; completes with the registrations reported. */
    private static CompletableFuture<List<Registration>> blockedPoll(Poller p) {
        CompletableFuture<List<Registration>> seen = Fixture.pollInThread(p)
                .thenApply(events -> events.stream().map(ReadyEvent::registration).collect(Collectors.toList()));
        Fixture.awaitBlocked(p);
        return seen;
    }

    @ParameterizedTest
    @MethodSource("io.github.fdmux.nio.Providers#names")
    void levelOneshotWakeupAndTimeoutWorkOnEveryProvider(String provider) throws Exception {
        Poller poller = open(provider);
        assertTrue(poller.selectionReason().contains(Providers.get(provider).getClass().getName()),
                poller.selectionReason());
        Pipe a = pipe();
        Pipe b = pipe();
        Registration level = poller.register(a.source(), Interest.READ, Mode.LEVEL, "a");
        Registration oneshot = poller.register(b.source(), Interest.READ, Mode.ONESHOT, "b");
        assertEquals(-1, level.fd(), "NIO registers channels, not fds");
        write(a);
        write(b);
        ReadyEvents ev = new ReadyEvents(8);
        assertEquals(2, poller.poll(ev, 2000));
        assertEquals(1, poller.poll(ev, 2000), "LEVEL again, ONESHOT disarmed");
        assertSame(level, ev.registration(0));
        oneshot.rearm();
        assertEquals(2, poller.poll(ev, 2000), "rearmed");

        level.cancel();
        oneshot.cancel();
        long t0 = System.nanoTime();
        assertEquals(0, poller.poll(ev, 120));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= 120, "timeout honoured");

        CompletableFuture<List<Registration>> polled = blockedPoll(poller);
        assertFalse(polled.isDone());
        poller.wakeup();
        assertEquals(List.of(), polled.get(2, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @MethodSource("io.github.fdmux.nio.Providers#names")
    void registerAgainRightAfterCancelWithoutAPollInBetween(String provider) throws Exception {
        Poller poller = open(provider);
        Pipe p = pipe();
        Registration first = poller.register(p.source(), Interest.READ, Mode.LEVEL, "first");
        assertTrue(first.cancel());
        Registration second = poller.register(p.source(), Interest.READ, Mode.LEVEL, "second");
        write(p);
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, poller.poll(ev, 2000));
        assertSame(second, ev.registration(0));
        assertEquals("second", ev.attachment(0));
    }

    @Test
    void cancelAndRegisterAgainFromAnotherThreadIsInForceByThePollsReturn() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        Pipe p = pipe();
        Registration first = poller.register(p.source(), Interest.NONE, Mode.LEVEL, null);
        write(p);
        CompletableFuture<List<Registration>> polled = blockedPoll(poller);
        first.cancel();
        Registration second = poller.register(p.source(), Interest.READ, Mode.LEVEL, null);
        assertEquals(List.of(second), polled.get(2, TimeUnit.SECONDS));
    }

    @Test
    void aQueuedRegistrationCanBeModifiedOrCancelledBeforeItIsMade() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        Pipe p = pipe();
        poller.register(p.sink(), Interest.WRITE, Mode.LEVEL, null).cancel();
        Registration queued = poller.register(p.sink(), Interest.NONE, Mode.LEVEL, null);
        queued.modify(Interest.WRITE);
        assertEquals(io.github.fdmux.ReadyEvents.WRITABLE, readyOpsOf(poller, queued, 2000));

        Pipe q = pipe();
        poller.register(q.source(), Interest.READ, Mode.LEVEL, null).cancel();
        Registration dropped = poller.register(q.source(), Interest.READ, Mode.LEVEL, null);
        assertTrue(dropped.cancel());
        write(q);
        assertEquals(0, readyOpsOf(poller, dropped, 200), "cancelled before it was made: never reported");
        Registration third = poller.register(q.source(), Interest.READ, Mode.LEVEL, null);
        assertEquals(io.github.fdmux.ReadyEvents.READABLE, readyOpsOf(poller, third, 2000));
    }

    @Test
    void aBufferOfOneStarvesNoOne() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        Set<Registration> all = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Pipe p = pipe();
            all.add(poller.register(p.source(), Interest.READ, Mode.LEVEL, null));
            write(p);
        }
        ReadyEvents one = new ReadyEvents(1);
        Set<Registration> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, poller.poll(one, 2000));
            seen.add(one.registration(0));
        }
        assertEquals(all, seen, "five polls with a buffer of one deliver all five ready pipes");
    }

    @Test
    void anInterruptNeitherEndsNorSpinsAPollAndIsKept() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        poller.register(pipe().source(), Interest.READ, Mode.LEVEL, null);
        ReadyEvents ev = new ReadyEvents(4);
        long polls = poller.stats().polls();
        Thread.currentThread().interrupt();
        long t0 = System.nanoTime();
        try {
            assertEquals(0, poller.poll(ev, 150));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is still set after the poll");
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) >= 150, "the poll ran its timeout");
        assertTrue(poller.stats().polls() - polls <= 2, "one select, not a spin: " + (poller.stats().polls() - polls));

        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                poller.poll(new ReadyEvents(4), Poller.FOREVER, TimeUnit.MILLISECONDS);
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                interruptedAfter.completeExceptionally(e);
            }
        });
        t.start();
        Fixture.awaitBlocked(poller);
        long waitsBefore = poller.stats().polls();
        t.interrupt();
        // The interrupted select returns at once; the poll clears the status and waits again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (poller.stats().polls() == waitsBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Fixture.awaitBlocked(poller);
        assertFalse(interruptedAfter.isDone(), "an interrupt does not end a blocked poll");
        poller.wakeup();
        assertTrue(interruptedAfter.get(2, TimeUnit.SECONDS), "the interrupt status survived the poll");
    }

    @Test
    void modifyAfterTheChannelWasClosedThrowsClosedChannelException() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        Pipe p = pipe();
        Registration r = poller.register(p.source(), Interest.READ, Mode.ONESHOT, null);
        p.source().close();
        assertThrows(ClosedChannelException.class, () -> r.modify(Interest.WRITE));
        assertThrows(ClosedChannelException.class, r::rearm);
        assertTrue(r.cancel());
    }

    @Test
    void aConnectingSocketRegisteredForWriteIsReportedWritableOnCompletion() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        ServerSocketChannel l = track(ServerSocketChannel.open());
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel c = track(SocketChannel.open());
        c.configureBlocking(false);
        boolean connected = c.connect(l.getLocalAddress());
        Registration r = poller.register(c, Interest.WRITE, Mode.LEVEL, null);
        assertEquals(io.github.fdmux.ReadyEvents.WRITABLE, readyOpsOf(poller, r, 2000));
        assertTrue(connected || c.finishConnect());
        assertEquals(io.github.fdmux.ReadyEvents.WRITABLE, readyOpsOf(poller, r, 2000), "and writable after it");
    }

    @Test
    void rawFdsAreRefusedWithAPointerToTheNativeBackends() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> poller.register(0, Interest.READ, Mode.LEVEL, null));
        assertTrue(e.getMessage().contains("NIO") && e.getMessage().contains("channels only")
                && e.getMessage().contains("EPOLL, KQUEUE or POLL"), e.getMessage());
    }

    @Test
    void edgeModesAreRefusedNamingBackendAndMode() throws Exception {
        Poller poller = open(Providers.DEFAULT);
        Pipe p = pipe();
        for (Mode m : new Mode[] {Mode.EDGE, Mode.EDGE_ONESHOT}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> poller.register(p.source(), Interest.READ, m, null));
            assertTrue(e.getMessage().contains("NIO") && e.getMessage().contains(m.name()), e.getMessage());
        }
    }

    @Test
    void theServiceLoaderFindsItWithTheDocumentedCapabilities() throws Exception {
        try (Poller p = Pollers.open(Backend.NIO)) {
            assertEquals(Backend.NIO, p.backend());
            var caps = p.capabilities();
            assertEquals(Support.NATIVE, caps.support(Mode.LEVEL));
            assertEquals(Support.EMULATED, caps.support(Mode.ONESHOT));
            assertEquals(Support.UNSUPPORTED, caps.support(Mode.EDGE));
            assertEquals(Support.UNSUPPORTED, caps.support(Mode.EDGE_ONESHOT));
            assertFalse(caps.rawFds());
            assertFalse(caps.regularFiles());
            assertFalse(caps.exclusiveWakeups());
            assertEquals(Duration.ofMillis(1), caps.timeoutResolution());
            assertEquals("Selector.wakeup", caps.wakeupMechanism());
        }
        NioBackendProvider provider = new NioBackendProvider();
        assertTrue(provider.availability().available());
        assertTrue(provider.availability().reason().contains(
                java.nio.channels.spi.SelectorProvider.provider().getClass().getName()),
                provider.availability().reason());
        assertNotNull(NioPollers.capabilities());
    }

    /** Regression: the JDK's IllegalSelectorException (no message) escaped for a channel of another provider. */
    @Test
    void aChannelOfAnotherProviderIsRefusedWithAMessage() throws Exception {
        Poller p = open("default");
        ForeignChannel foreign = track(new ForeignChannel(java.nio.channels.spi.SelectorProvider.provider()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.register(foreign, Interest.READ, Mode.LEVEL, null));
        assertSame(IllegalArgumentException.class, e.getClass());
        assertTrue(e.getMessage().contains(foreign.getClass().getName()), e.getMessage());
    }
}
