package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every struct kevent layout of the table, checked on whatever host runs the test: the offsets
 * against the C declaration of each header laid out by the C alignment rules, then encoding and
 * decoding byte for byte.
 */
class KeventLayoutTest {
    private static final Runtime RT = Runtime.getSystemRuntime();

    /** One C field: name, size, alignment. */
    private record CField(String name, int size, int align) {
    }

    private static final CField UINTPTR = new CField("ident", 8, 8);

    /**
     * The declarations as the headers write them (LP64), independent of the table.
     *
     * @param l a layout
     * @return its fields in order
     */
    private static List<CField> declaration(KeventLayout l) {
        List<CField> f = new ArrayList<>();
        f.add(UINTPTR);
        boolean netbsd = l == KeventLayout.NETBSD_KEVENT50 || l == KeventLayout.NETBSD_KEVENT100;
        f.add(new CField("filter", netbsd ? 4 : 2, netbsd ? 4 : 2)); // short, or uint32_t on NetBSD
        f.add(new CField("flags", netbsd ? 4 : 2, netbsd ? 4 : 2)); // unsigned short, or uint32_t
        f.add(new CField("fflags", 4, 4)); // unsigned int / uint32_t
        f.add(new CField("data", 8, 8)); // intptr_t / int64_t
        f.add(new CField("udata", 8, 8)); // void *
        if (l == KeventLayout.FREEBSD || l == KeventLayout.NETBSD_KEVENT100) {
            f.add(new CField("ext", 32, 8)); // uint64_t ext[4]
        }
        return f;
    }

    /** Offsets by the C rules: each field at the next multiple of its alignment (capped by pack). */
    private static int[] offsets(List<CField> fields, int pack) {
        int[] out = new int[fields.size() + 1];
        int at = 0;
        int maxAlign = 1;
        for (int i = 0; i < fields.size(); i++) {
            int a = Math.min(fields.get(i).align(), pack);
            at = (at + a - 1) / a * a;
            out[i] = at;
            at += fields.get(i).size();
            maxAlign = Math.max(maxAlign, a);
        }
        out[fields.size()] = (at + maxAlign - 1) / maxAlign * maxAlign;
        return out;
    }

    private static int pack(KeventLayout l) {
        return l == KeventLayout.MACOS ? 4 : 8; // XNU: #pragma pack(4) around struct kevent
    }

    @ParameterizedTest
    @EnumSource(KeventLayout.class)
    void offsetsAreThoseOfTheHeaderDeclaration(KeventLayout l) {
        List<CField> decl = declaration(l);
        int[] off = offsets(decl, pack(l));
        assertEquals(KeventLayout.IDENT_OFFSET, off[0], l + " ident");
        assertEquals(KeventLayout.FILTER_OFFSET, off[1], l + " filter");
        assertEquals(decl.get(1).size(), l.filterWidth, l + " filter width");
        assertEquals(off[2], l.flagsOffset, l + " flags");
        assertEquals(decl.get(2).size(), l.flagsWidth, l + " flags width");
        assertEquals(off[3], l.fflagsOffset, l + " fflags");
        assertEquals(off[4], l.dataOffset, l + " data");
        assertEquals(off[5], l.udataOffset, l + " udata");
        assertEquals(off[decl.size()], l.size, l + " sizeof(struct kevent)");
    }

    /**
     * @return each layout with the header its numbers are from and, as that header gives them:
     *     sizeof(struct kevent), EVFILT_READ, _WRITE, _USER, _PROC, _SIGNAL, _TIMER, the timer unit flag
     *     fdmux sends (NOTE_NSECONDS, or none for milliseconds), the kevent symbol and whether its counts
     *     are size_t
     */
    static Stream<Arguments> headers() {
        int ms = KeventLayout.MILLISECONDS;
        return Stream.of(
                // NOTE_NSECONDS 0x4
                arguments(KeventLayout.MACOS, "XNU bsd/sys/event.h", 32, -1, -2, -10, -5, -6, -7, 0x4, "kevent", false),
                // NOTE_NSECONDS 0x8
                arguments(KeventLayout.FREEBSD, "FreeBSD sys/sys/event.h (12+)", 64, -1, -2, -11, -5, -6, -7, 0x8, "kevent",
                        false),
                // in milliseconds (NOTE_MSECONDS 0), which every OpenBSD understands
                arguments(KeventLayout.OPENBSD, "OpenBSD sys/sys/event.h 1.74", 32, -1, -2, -10, -5, -6, -7, ms, "kevent",
                        false),
                // __RENAME(__kevent50), size_t counts; NOTE_MSECONDS 0
                arguments(KeventLayout.NETBSD_KEVENT50, "NetBSD sys/sys/event.h 1.45", 40, 0, 1, 8, 4, 5, 6, ms,
                        "__kevent50", true),
                arguments(KeventLayout.NETBSD_KEVENT100, "NetBSD sys/sys/event.h (11+)", 72, 0, 1, 8, 4, 5, 6, ms,
                        "__kevent100", true),
                // XNU's NOTE_NSECONDS 0x4, which src/linux/timer.c converts to a timerfd interval
                arguments(KeventLayout.LIBKQUEUE, "libkqueue include/sys/event.h.in", 32, -1, -2, -11, -5, -6, -7, 0x4,
                        "kevent", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("headers")
    void sizeFiltersTimerUnitAndEntryPointAreTheHeaders(KeventLayout l, String header, int size, int read, int write,
            int user, int proc, int signal, int timer, int timerUnit, String symbol, boolean sizeTCounts) {
        assertEquals(size, l.size, header + ": sizeof(struct kevent)");
        assertEquals(read, l.evfiltRead, header + ": EVFILT_READ");
        assertEquals(write, l.evfiltWrite, header + ": EVFILT_WRITE");
        assertEquals(user, l.evfiltUser, header + ": EVFILT_USER");
        assertEquals(proc, l.evfiltProc, header + ": EVFILT_PROC");
        assertEquals(signal, l.evfiltSignal, header + ": EVFILT_SIGNAL");
        assertEquals(timer, l.evfiltTimer, header + ": EVFILT_TIMER");
        assertEquals(timerUnit, l.timerUnitFlag, header + ": the EVFILT_TIMER unit flag");
        assertEquals(symbol, l.keventSymbol, header + ": the kevent symbol");
        assertEquals(sizeTCounts, l.sizeTCounts, header + ": size_t counts");
    }

    @Test
    void theBitsEveryHeaderSharesHaveTheirValues() {
        assertEquals(0x8000_0000, KeventLayout.NOTE_EXIT);
        assertEquals(0x0010, KeventLayout.EV_ONESHOT);
    }

    @Test
    void timerDataIsNanosecondsOrMillisecondsRoundedUpAndNeverZero() {
        KeventLayout ns = KeventLayout.FREEBSD;
        assertEquals(1, ns.timerData(0), "0 would disarm a libkqueue timerfd");
        assertEquals(1, ns.timerData(1));
        assertEquals(1_500_000, ns.timerData(1_500_000));
        long century = java.time.Duration.ofDays(36_525).toNanos();
        assertEquals(century, ns.timerData(century), "100 years of nanoseconds fit in data");
        KeventLayout ms = KeventLayout.OPENBSD;
        assertEquals(1, ms.timerData(0));
        assertEquals(1, ms.timerData(1), "rounded up: never early");
        assertEquals(1, ms.timerData(1_000_000));
        assertEquals(2, ms.timerData(1_000_001));
        assertEquals(1500, ms.timerData(1_500_000_000L));
    }

    @ParameterizedTest
    @EnumSource(KeventLayout.class)
    void aSourceChangeKeepsItsFilterFlagsAndData(KeventLayout l) {
        ByteBuffer b = ByteBuffer.allocateDirect(l.size * 3).order(ByteOrder.nativeOrder());
        Pointer p = Pointer.wrap(RT, b);
        l.put(p, 0, 12345, l.evfiltProc, KeventLayout.EV_ADD, KeventLayout.NOTE_EXIT, 0, 7L << 32 | 3);
        l.put(p, 1, 10, l.evfiltSignal, KeventLayout.EV_ADD, 0, 0, 4);
        l.put(p, 2, 2, l.evfiltTimer, KeventLayout.EV_ADD | KeventLayout.EV_ONESHOT, l.timerUnitFlag,
                l.timerData(30_000_000), 5);
        assertEquals(l.evfiltProc, l.filter(p, 0));
        assertEquals(KeventLayout.NOTE_EXIT, l.fflags(p, 0), "the top bit survives");
        assertEquals(7L << 32 | 3, l.udata(p, 0));
        assertEquals(10, l.ident(p, 1));
        assertEquals(l.evfiltSignal, l.filter(p, 1));
        assertEquals(KeventLayout.EV_ADD | KeventLayout.EV_ONESHOT, l.flags(p, 2));
        assertEquals(l.timerUnitFlag, l.fflags(p, 2));
        assertEquals(l.timerUnitFlag == KeventLayout.MILLISECONDS ? 30 : 30_000_000, l.data(p, 2));
        assertEquals("EVFILT_TIMER", l.filterName(l.evfiltTimer));
        assertEquals("EVFILT_SIGNAL", l.filterName(l.evfiltSignal));
        assertEquals("EVFILT_PROC", l.filterName(l.evfiltProc));
    }

    @ParameterizedTest
    @EnumSource(KeventLayout.class)
    void encodingPutsEveryFieldAtItsOffsetAndZeroesTheRest(KeventLayout l) {
        int index = 2;
        ByteBuffer native0 = ByteBuffer.allocateDirect(l.size * (index + 1)).order(ByteOrder.nativeOrder());
        Pointer p = Pointer.wrap(RT, native0);
        // Garbage first: padding and ext[] must come out zero.
        for (int i = 0; i < native0.capacity(); i++) {
            native0.put(i, (byte) 0x5a);
        }
        l.put(p, index, 0x0102_0304_0506_0708L, l.evfiltWrite, KeventLayout.EV_ADD | KeventLayout.EV_DISPATCH,
                KeventLayout.NOTE_TRIGGER, -3L, 0x7fff_0000_0000_0011L);

        List<CField> decl = declaration(l);
        int[] off = offsets(decl, pack(l));
        ByteBuffer expected = ByteBuffer.allocate(l.size).order(ByteOrder.nativeOrder());
        expected.putLong(off[0], 0x0102_0304_0506_0708L);
        if (decl.get(1).size() == 2) {
            expected.putShort(off[1], (short) l.evfiltWrite);
            expected.putShort(off[2], (short) (KeventLayout.EV_ADD | KeventLayout.EV_DISPATCH));
        } else {
            expected.putInt(off[1], l.evfiltWrite);
            expected.putInt(off[2], KeventLayout.EV_ADD | KeventLayout.EV_DISPATCH);
        }
        expected.putInt(off[3], KeventLayout.NOTE_TRIGGER);
        expected.putLong(off[4], -3L);
        expected.putLong(off[5], 0x7fff_0000_0000_0011L);

        byte[] entry = new byte[l.size];
        native0.get(index * l.size, entry);
        assertArrayEquals(expected.array(), entry, l + " entry bytes");
        byte[] before = new byte[index * l.size];
        native0.get(0, before);
        for (byte b : before) {
            assertEquals((byte) 0x5a, b, l + ": entries before the index are untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(KeventLayout.class)
    void decodingReadsBackEveryFieldWithItsSignedness(KeventLayout l) {
        ByteBuffer bb = ByteBuffer.allocateDirect(l.size * 4).order(ByteOrder.nativeOrder());
        Pointer p = Pointer.wrap(RT, bb);
        int eofError = KeventLayout.EV_EOF | KeventLayout.EV_ERROR | KeventLayout.EV_CLEAR;
        for (int i = 0; i < 4; i++) {
            l.put(p, i, 1000 + i, i % 2 == 0 ? l.evfiltRead : l.evfiltUser, eofError, 54 + i, (long) i << 40, -1L - i);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(1000 + i, l.ident(p, i));
            assertEquals(i % 2 == 0 ? l.evfiltRead : l.evfiltUser, l.filter(p, i), l + " filter keeps its sign");
            assertEquals(eofError, l.flags(p, i), l + " flags: EV_EOF (0x8000) is not a negative short");
            assertEquals(54 + i, l.fflags(p, i));
            assertEquals((long) i << 40, l.data(p, i));
            assertEquals(-1L - i, l.udata(p, i), l + " udata carries a full 64-bit token");
        }
    }

    @Test
    void namesForMessages() {
        assertEquals("EV_ADD|EV_ENABLE|EV_CLEAR", KeventLayout.actionNames(
                KeventLayout.EV_ADD | KeventLayout.EV_ENABLE | KeventLayout.EV_CLEAR | KeventLayout.EV_RECEIPT));
        assertEquals("EVFILT_READ", KeventLayout.NETBSD_KEVENT50.filterName(0));
        assertEquals("EVFILT_USER", KeventLayout.MACOS.filterName(-10));
        assertEquals("filter -10", KeventLayout.FREEBSD.filterName(-10));
    }
}
