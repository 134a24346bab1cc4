package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared poller logic against an in-memory backend: what every backend inherits. */
class AbstractPollerTest {

    @Test
    void badArgumentsAreRejectedBeforeTheBackendSeesThem() {
        MemoryPoller p = new MemoryPoller();
        assertThrows(IllegalArgumentException.class, () -> p.register(-1, Interest.READ, Mode.LEVEL, null));
        assertThrows(NullPointerException.class, () -> p.register(3, null, Mode.LEVEL, null));
        assertThrows(NullPointerException.class, () -> p.register(3, Interest.READ, null, null));
        assertThrows(NullPointerException.class, () -> p.register(3, Interest.READ, Mode.LEVEL, null,
                (RegisterOption) null));
        UnsupportedOperationException edge = assertThrows(UnsupportedOperationException.class,
                () -> p.register(3, Interest.READ, Mode.EDGE, null));
        assertTrue(edge.getMessage().contains("POLL does not support EDGE"), edge.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> p.register(3, Interest.READ, Mode.LEVEL, null, RegisterOption.EXCLUSIVE));
        assertThrows(NullPointerException.class, () -> p.poll(null, 0));
        assertThrows(IllegalArgumentException.class, () -> p.poll(new ReadyEvents(1), -2));
        assertThrows(NullPointerException.class, () -> p.poll(new ReadyEvents(1), 0, null));
    }

    @Test
    void eventsOfCancelledRegistrationsAreDropped() throws Exception {
        MemoryPoller p = new MemoryPoller();
        MemoryPoller.Reg a = p.registerReady(3, Interest.READ, "a", ReadyEvents.READABLE);
        MemoryPoller.Reg b = p.registerReady(4, Interest.READ, "b", ReadyEvents.READABLE);
        assertTrue(a.cancel());
        ReadyEvents ev = new ReadyEvents(8);
        assertEquals(1, p.poll(ev, 0));
        assertSame(b, ev.registration(0));
    }

    @Test
    void twoKernelEventsForOneRegistrationBecomeOneEvent() throws Exception {
        MemoryPoller p = new MemoryPoller();
        MemoryPoller.Reg a = p.registerReady(3, Interest.READ_WRITE, null, ReadyEvents.READABLE);
        p.ready(a, ReadyEvents.WRITABLE);
        ReadyEvents ev = new ReadyEvents(8);
        assertEquals(1, p.poll(ev, 0));
        assertEquals(ReadyEvents.READABLE | ReadyEvents.WRITABLE, ev.readyOps(0));
    }

    @Test
    void aPollWhoseEventsWereAllCancelledKeepsWaitingItsTimeout() throws Exception {
        MemoryPoller p = new MemoryPoller();
        MemoryPoller.Reg a = p.registerReady(3, Interest.READ, null, ReadyEvents.READABLE);
        a.cancel();
        long t0 = System.nanoTime();
        assertEquals(0, p.poll(new ReadyEvents(4), 100, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(100), "did not return early");
    }

    @Test
    void aWakeupWithEventsReturnsTheEvents() throws Exception {
        MemoryPoller p = new MemoryPoller();
        p.registerReady(3, Interest.READ, null, ReadyEvents.READABLE);
        p.wakeup();
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(1, p.poll(ev, -1));
        assertEquals(0, p.poll(ev, 0), "the wakeup was consumed");
    }

    @Test
    void registrationOfAnotherPollerIsRefused() throws Exception {
        AbstractPoller<?> p = new MemoryPoller();
        MemoryPoller q = new MemoryPoller();
        Registration r = q.register(3, Interest.READ, Mode.LEVEL, null);
        assertThrows(IllegalArgumentException.class, () -> p.modify((AbstractRegistration) r, Interest.NONE));
    }

    @Test
    void closeIsIdempotentAndReleasesOnce() throws Exception {
        MemoryPoller p = new MemoryPoller();
        Registration r = p.register(3, Interest.READ, Mode.LEVEL, null);
        p.close();
        p.close();
        assertEquals(1, p.closes());
        assertFalse(r.isValid());
        assertFalse(r.cancel());
        assertThrows(ClosedPollerException.class, p::wakeup);
        assertThrows(ClosedPollerException.class, () -> p.register(5, Interest.READ, Mode.LEVEL, null));
    }

    @Test
    void rearmChecksTheMode() throws Exception {
        MemoryPoller p = new MemoryPoller();
        Registration level = p.register(3, Interest.READ, Mode.LEVEL, null);
        assertThrows(IllegalStateException.class, level::rearm);
        Registration once = p.register(4, Interest.READ, Mode.ONESHOT, null);
        once.rearm();
        once.cancel();
        assertThrows(io.github.fdmux.CancelledRegistrationException.class, once::rearm);
    }

    /** Regression: a change to a closed channel's registration gave EBADF (epoll), nothing (poll) or ClosedChannelException (NIO). */
    @Test
    void modifyAndRearmOfAClosedChannelThrowClosedChannelException() throws Exception {
        MemoryPoller p = new MemoryPoller();
        try (java.nio.channels.Pipe.SourceChannel ch = java.nio.channels.Pipe.open().source()) {
            ch.configureBlocking(false);
            Registration r = p.register(ch, Interest.READ, Mode.ONESHOT, null);
            ch.close();
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> r.modify(Interest.WRITE));
            assertThrows(java.nio.channels.ClosedChannelException.class, r::rearm);
            assertTrue(r.cancel(), "cancel never throws, even for a closed channel");
        }
    }

    /** The poller's own fds are refused before the backend sees them. */
    @Test
    void ownFdsAreRefusedWithIllegalArgumentException() {
        MemoryPoller p = new MemoryPoller();
        p.ownFd(9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.register(9, Interest.READ, Mode.LEVEL, null));
        assertTrue(e.getMessage().contains("fd 9") && e.getMessage().contains("own"),
                e.getMessage());
    }
}
