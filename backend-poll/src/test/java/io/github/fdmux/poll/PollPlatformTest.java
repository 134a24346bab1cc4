package io.github.fdmux.poll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** Every platform's pollfd table, checked against its header's values and encoded on whatever host runs the test. */
class PollPlatformTest {
    private static final Runtime RT = Runtime.getSystemRuntime();
    private static final List<PollPlatform> ALL = List.of(PollPlatform.LINUX, PollPlatform.DARWIN,
            PollPlatform.FREEBSD, PollPlatform.OPENBSD);

    @Test
    void structPollfdIsEightBytesFdEventsReventsEverywhere() {
        for (PollPlatform p : ALL) {
            assertEquals(8, p.size(), p.name());
            assertEquals(0, p.fdOffset(), p.name());
            assertEquals(4, p.eventsOffset(), p.name());
            assertEquals(6, p.reventsOffset(), p.name());
        }
    }

    @Test
    void coreBitsAreTheSvr4ValuesEverywhere() {
        for (PollPlatform p : ALL) {
            assertEquals(0x1, p.pollIn(), p.name());
            assertEquals(0x2, p.pollPri(), p.name());
            assertEquals(0x4, p.pollOut(), p.name());
            assertEquals(0x8, p.pollErr(), p.name());
            assertEquals(0x10, p.pollHup(), p.name());
            assertEquals(0x20, p.pollNval(), p.name());
        }
    }

    @Test
    void rdhupAndNfdsDifferPerPlatform() {
        // Linux <asm-generic/poll.h>; FreeBSD sys/sys/poll.h since 2021; nobody else has one.
        assertEquals(0x2000, PollPlatform.LINUX.pollRdHup());
        assertEquals(0x4000, PollPlatform.FREEBSD.pollRdHup());
        for (PollPlatform p : List.of(PollPlatform.DARWIN, PollPlatform.OPENBSD)) {
            assertEquals(0, p.pollRdHup(), p.name());
            assertFalse(p.hasRdHup(), p.name());
        }
        // glibc: typedef unsigned long int nfds_t; the BSDs and macOS: unsigned int.
        assertTrue(PollPlatform.LINUX.nfdsIsLong());
        for (PollPlatform p : ALL.subList(1, ALL.size())) {
            assertFalse(p.nfdsIsLong(), p.name());
        }
    }

    @Test
    void eachOsHasItsHangupRuleAndVariant() {
        assertEquals(PollPlatform.Hangup.LINUX, PollPlatform.LINUX.hangup());
        assertEquals("", PollPlatform.LINUX.variant());
        assertEquals(PollPlatform.Hangup.KQUEUE, PollPlatform.DARWIN.hangup());
        assertEquals("macos", PollPlatform.DARWIN.variant());
        assertEquals(PollPlatform.Hangup.POSIX, PollPlatform.FREEBSD.hangup());
        assertEquals("freebsd", PollPlatform.FREEBSD.variant());
        assertEquals(PollPlatform.Hangup.POSIX, PollPlatform.OPENBSD.hangup());
        assertEquals("openbsd", PollPlatform.OPENBSD.variant());
    }

    @Test
    void eachOsGetsItsTable() {
        assertSame(PollPlatform.LINUX, PollPlatform.forOs(Platform.OS.LINUX));
        assertSame(PollPlatform.LINUX, PollPlatform.forOs(Platform.OS.ZLINUX));
        assertSame(PollPlatform.DARWIN, PollPlatform.forOs(Platform.OS.DARWIN));
        assertSame(PollPlatform.FREEBSD, PollPlatform.forOs(Platform.OS.FREEBSD));
        assertSame(PollPlatform.OPENBSD, PollPlatform.forOs(Platform.OS.OPENBSD));
        // Refused before any table is looked at (SupportedPlatforms): no table at all.
        assertNull(PollPlatform.forOs(Platform.OS.DRAGONFLY));
        assertNull(PollPlatform.forOs(Platform.OS.NETBSD));
        assertNull(PollPlatform.forOs(Platform.OS.WINDOWS));
        assertNull(PollPlatform.forOs(Platform.OS.SOLARIS));
    }

    @Test
    void encodingPutsFieldsAtTheKernelsOffsetsOnEveryPlatform() {
        for (PollPlatform p : ALL) {
            ByteBuffer bb = ByteBuffer.allocateDirect(p.size() * 4).order(ByteOrder.nativeOrder());
            Pointer ptr = Pointer.wrap(RT, bb);
            // revents is garbage from an earlier poll: put() must clear it, update() must keep it.
            bb.putShort(2 * 8 + 6, (short) 0x7fff);
            bb.putShort(3 * 8 + 6, (short) 0x0011);
            int events = p.pollIn() | p.pollRdHup() | p.pollOut();
            p.put(ptr, 2, 1234, events);
            p.update(ptr, 3, ~42, p.pollOut());

            ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            expected.putInt(16, 1234).putShort(20, (short) events).putShort(22, (short) 0);
            expected.putInt(24, ~42).putShort(28, (short) 0x4).putShort(30, (short) 0x0011);
            byte[] actual = new byte[32];
            bb.get(0, actual);
            assertArrayEquals(expected.array(), actual, p.name());
        }
    }

    @Test
    void decodeReadsBackEveryIndexAndReventsIsUnsigned() {
        for (PollPlatform p : ALL) {
            ByteBuffer bb = ByteBuffer.allocateDirect(p.size() * 8).order(ByteOrder.nativeOrder());
            Pointer ptr = Pointer.wrap(RT, bb);
            for (int i = 0; i < 8; i++) {
                p.put(ptr, i, 100 + i, 0x2000 | i);
                bb.putShort(i * 8 + 6, (short) (0x8000 | i)); // the kernel's answer
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(100 + i, p.fd(ptr, i), p.name());
                assertEquals(0x2000 | i, p.events(ptr, i), p.name());
                assertEquals(0x8000 | i, p.revents(ptr, i), p.name() + ": revents read as unsigned");
            }
        }
    }
}
