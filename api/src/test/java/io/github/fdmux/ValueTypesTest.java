package io.github.fdmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void interestCombinationsAreCanonical() {
        assertSame(Interest.READ_WRITE, Interest.READ.and(Interest.WRITE));
        assertSame(Interest.READ, Interest.READ_WRITE.without(Interest.WRITE));
        assertSame(Interest.NONE, Interest.READ.without(Interest.READ));
        assertSame(Interest.WRITE, Interest.of(false, true));
        assertTrue(Interest.READ_WRITE.isReadable() && Interest.READ_WRITE.isWritable());
        assertTrue(Interest.NONE.isNone());
        assertEquals("READ_WRITE", Interest.READ_WRITE.toString());
    }

    @Test
    void backendNamesParseAndNonsenseListsTheValidOnes() {
        assertEquals(Backend.POLL, Backend.parse(" Poll "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("nonsense"));
        assertEquals("unknown backend 'nonsense'; valid names: epoll, kqueue, poll, nio, select, io_uring", e.getMessage());
    }

    @Test
    void modeNamesParse() {
        assertEquals(Mode.EDGE_ONESHOT, Mode.parse("edge-oneshot"));
        assertEquals(Mode.EDGE_ONESHOT, Mode.parse("EDGE_ONESHOT"));
        assertEquals("edge-oneshot", Mode.EDGE_ONESHOT.id());
        assertTrue(Mode.EDGE_ONESHOT.isEdge() && Mode.EDGE_ONESHOT.isOneshot());
        assertFalse(Mode.LEVEL.isEdge() || Mode.LEVEL.isOneshot());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("sideways"));
        assertTrue(e.getMessage().contains("level, edge, oneshot, edge-oneshot"), e.getMessage());
    }

    @Test
    void capabilitiesDefaultEveryUnnamedModeToUnsupported() {
        Capabilities c = Capabilities.builder(Backend.POLL).mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.EMULATED).timeoutResolution(Duration.ofMillis(1)).build();
        assertEquals(Support.NATIVE, c.support(Mode.LEVEL));
        assertEquals(Support.EMULATED, c.support(Mode.ONESHOT));
        assertEquals(Support.UNSUPPORTED, c.support(Mode.EDGE));
        assertFalse(c.supports(Mode.EDGE_ONESHOT));
        assertTrue(c.fdLimit().isEmpty());
    }

    @Test
    void capabilitiesFromTheConstructorAreCompletedAndCopiedAsTheBuilderDoes() {
        Map<Mode, Support> modes = new HashMap<>(Map.of(Mode.LEVEL, Support.NATIVE));
        Capabilities c = new Capabilities(Backend.POLL, modes, Map.of(EventSource.TIMER, Support.NATIVE), true, false,
                true, Duration.ofMillis(1), OptionalInt.empty(), "pipe", "");
        modes.put(Mode.EDGE, Support.NATIVE);
        assertEquals(Support.UNSUPPORTED, c.support(Mode.EDGE), "the table was copied");
        assertEquals(Support.NATIVE, c.support(EventSource.FD));
        assertEquals(Support.EMULATED, c.support(EventSource.USER));
        assertThrows(UnsupportedOperationException.class, () -> c.modes().put(Mode.EDGE, Support.NATIVE));
        Capabilities built = Capabilities.builder(Backend.POLL).mode(Mode.LEVEL, Support.NATIVE)
                .source(EventSource.TIMER, Support.NATIVE).rawFds(true).regularFiles(true).wakeupMechanism("pipe")
                .build();
        assertEquals(built, c);
        assertEquals(built.hashCode(), c.hashCode());
        assertEquals(built.toString(), c.toString());
        assertThrows(IllegalArgumentException.class, () -> new Capabilities(Backend.POLL, Map.of(),
                Map.of(EventSource.FD, Support.EMULATED), false, false, false, Duration.ofMillis(1),
                OptionalInt.empty(), "pipe", ""));
        assertThrows(NullPointerException.class, () -> Capabilities.builder(Backend.POLL).variant(null).build());
    }

    @Test
    void readyEventsRejectsBadCapacityAndIndexes() {
        assertThrows(IllegalArgumentException.class, () -> new ReadyEvents(0));
        assertThrows(IllegalArgumentException.class, () -> new ReadyEvents(ReadyEvents.MAX_CAPACITY + 1));
        ReadyEvents ev = new ReadyEvents(4);
        assertEquals(4, ev.capacity());
        assertEquals(0, ev.size());
        assertThrows(IndexOutOfBoundsException.class, () -> ev.registration(0));
        assertThrows(IndexOutOfBoundsException.class, () -> ev.isReadable(-1));
    }

    @Test
    void readyOpsDescribe() {
        assertEquals("none", ReadyEvent.describe(0));
        assertEquals("readable+error", ReadyEvent.describe(ReadyEvents.READABLE | ReadyEvents.ERROR));
        assertEquals("readable+writable+readClosed+writeClosed+error", ReadyEvent.describe(0x1f));
    }

    @Test
    void nativeCallExceptionNamesCallFdAndErrno() {
        NativeCallException e = new NativeCallException("epoll_ctl(EPOLL_CTL_ADD)", 7, 9, "EBADF", "Bad file descriptor");
        assertEquals("epoll_ctl(EPOLL_CTL_ADD) on fd 7 failed: EBADF (errno 9: Bad file descriptor)", e.getMessage());
        assertEquals("EBADF", e.errnoName());
        assertEquals(7, e.fd());
    }

    @Test
    void statsArithmetic() {
        PollerStats a = new PollerStats(10, 5, 3, 1);
        PollerStats b = new PollerStats(4, 2, 1, 1);
        assertEquals(new PollerStats(6, 3, 2, 0), a.minus(b));
        assertEquals(new PollerStats(14, 7, 4, 2), a.plus(b));
    }
}
