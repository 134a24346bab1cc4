package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

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

    @Test
    void sizesAreTheDocumentedOnes() {
        assertEquals(32, KeventLayout.MACOS.size);
        assertEquals(64, KeventLayout.FREEBSD.size);
        assertEquals(32, KeventLayout.OPENBSD.size);
        assertEquals(40, KeventLayout.NETBSD_KEVENT50.size);
        assertEquals(72, KeventLayout.NETBSD_KEVENT100.size);
        assertEquals(32, KeventLayout.LIBKQUEUE.size);
    }

    @Test
    void filterNumbersPerPlatform() {
        for (KeventLayout l : new KeventLayout[] {KeventLayout.MACOS, KeventLayout.FREEBSD, KeventLayout.OPENBSD,
                KeventLayout.LIBKQUEUE}) {
            assertEquals(-1, l.evfiltRead, l.name());
            assertEquals(-2, l.evfiltWrite, l.name());
        }
        assertEquals(-10, KeventLayout.MACOS.evfiltUser);
        assertEquals(-11, KeventLayout.FREEBSD.evfiltUser);
        assertEquals(-10, KeventLayout.OPENBSD.evfiltUser);
        assertEquals(-11, KeventLayout.LIBKQUEUE.evfiltUser);
        for (KeventLayout l : new KeventLayout[] {KeventLayout.NETBSD_KEVENT50, KeventLayout.NETBSD_KEVENT100}) {
            assertEquals(0, l.evfiltRead);
            assertEquals(1, l.evfiltWrite);
            assertEquals(8, l.evfiltUser);
            assertEquals(true, l.sizeTCounts);
        }
        assertEquals("__kevent50", KeventLayout.NETBSD_KEVENT50.keventSymbol);
        assertEquals("__kevent100", KeventLayout.NETBSD_KEVENT100.keventSymbol);
        assertEquals("kevent", KeventLayout.MACOS.keventSymbol);
    }

    @Test
    void sourceFiltersAndTimerUnitsPerPlatform() {
        for (KeventLayout l : new KeventLayout[] {KeventLayout.MACOS, KeventLayout.FREEBSD, KeventLayout.OPENBSD,
                KeventLayout.LIBKQUEUE}) {
            assertEquals(-5, l.evfiltProc, l.name());
            assertEquals(-6, l.evfiltSignal, l.name());
            assertEquals(-7, l.evfiltTimer, l.name());
        }
        for (KeventLayout l : new KeventLayout[] {KeventLayout.NETBSD_KEVENT50, KeventLayout.NETBSD_KEVENT100}) {
            assertEquals(4, l.evfiltProc);
            assertEquals(5, l.evfiltSignal);
            assertEquals(6, l.evfiltTimer);
            assertEquals(KeventLayout.MILLISECONDS, l.timerUnitFlag);
        }
        // NOTE_NSECONDS: XNU bsd/sys/event.h 0x4, FreeBSD sys/sys/event.h 0x8, libkqueue (XNU's) 0x4;
        // OpenBSD in milliseconds (NOTE_MSECONDS 0), which every OpenBSD understands.
        assertEquals(0x4, KeventLayout.MACOS.timerUnitFlag);
        assertEquals(0x8, KeventLayout.FREEBSD.timerUnitFlag);
        assertEquals(0x4, KeventLayout.LIBKQUEUE.timerUnitFlag);
        assertEquals(KeventLayout.MILLISECONDS, KeventLayout.OPENBSD.timerUnitFlag);
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
