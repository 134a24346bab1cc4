package io.github.fdmux.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** Both layouts of struct epoll_event, encoded and decoded on whatever host runs the test. */
class EpollEventLayoutTest {
    private static final Runtime RT = Runtime.getSystemRuntime();

    @Test
    void x86_64IsPacked12BytesWithDataAtOffset4() {
        EpollEventLayout l = EpollEventLayout.forArch("amd64");
        assertSame(EpollEventLayout.PACKED, l);
        assertEquals(12, l.size());
        assertEquals(0, l.eventsOffset());
        assertEquals(4, l.dataOffset());
        assertSame(EpollEventLayout.PACKED, EpollEventLayout.forArch("x86_64"));
        assertSame(EpollEventLayout.PACKED, EpollEventLayout.forArch("i386"));
    }

    @Test
    void aarch64IsNatural16BytesWithDataAtOffset8() {
        EpollEventLayout l = EpollEventLayout.forArch("aarch64");
        assertSame(EpollEventLayout.NATURAL, l);
        assertEquals(16, l.size());
        assertEquals(8, l.dataOffset());
        assertSame(EpollEventLayout.NATURAL, EpollEventLayout.forArch("riscv64"));
        assertSame(EpollEventLayout.NATURAL, EpollEventLayout.forArch("ppc64le"));
    }

    @Test
    void packedEncodingPutsFieldsAtTheKernelsOffsets() {
        byte[] bytes = encode(EpollEventLayout.PACKED, 3, 0x8000_2001, 0x1122_3344_5566_7788L);
        ByteBuffer expected = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        expected.putInt(36, 0x8000_2001);
        expected.putLong(40, 0x1122_3344_5566_7788L);
        assertArrayEquals(expected.array(), bytes);
    }

    @Test
    void naturalEncodingPutsFieldsAtTheKernelsOffsets() {
        byte[] bytes = encode(EpollEventLayout.NATURAL, 3, 0x0000_0005, -2L);
        ByteBuffer expected = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        expected.putInt(48, 5);
        expected.putLong(56, -2L);
        assertArrayEquals(expected.array(), bytes);
    }

    @Test
    void decodeReadsBackWhatWasEncodedForEveryIndex() {
        for (EpollEventLayout l : new EpollEventLayout[] {EpollEventLayout.PACKED, EpollEventLayout.NATURAL}) {
            ByteBuffer bb = ByteBuffer.allocateDirect(l.size() * 8).order(ByteOrder.nativeOrder());
            Pointer p = Pointer.wrap(RT, bb);
            for (int i = 0; i < 8; i++) {
                l.put(p, i, 0x100 + i, (long) i << 40 | i);
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(0x100 + i, l.events(p, i), l.name() + " events " + i);
                assertEquals((long) i << 40 | i, l.data(p, i), l.name() + " data " + i);
            }
        }
    }

    private static byte[] encode(EpollEventLayout l, int index, int events, long data) {
        ByteBuffer bb = ByteBuffer.allocateDirect(l.size() * (index + 1)).order(ByteOrder.nativeOrder());
        l.put(Pointer.wrap(RT, bb), index, events, data);
        byte[] out = new byte[bb.capacity()];
        bb.get(0, out);
        return out;
    }
}
