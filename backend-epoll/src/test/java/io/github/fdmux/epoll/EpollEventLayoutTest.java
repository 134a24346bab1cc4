package io.github.fdmux.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both layouts of struct epoll_event, encoded and decoded on whatever host runs the test. */
class EpollEventLayoutTest {
    private static final Runtime RT = Runtime.getSystemRuntime();

    /** @return each os.arch value, the layout it gets, and that layout's size and offsets by the header */
    static Stream<Arguments> architectures() {
        return Stream.of(
                // include/uapi/linux/eventpoll.h: EPOLL_PACKED (__attribute__((packed))) on x86_64: u32 events,
                // then the u64 data at 4; on 32-bit x86 a u64 is 4-aligned, which gives the same 12 bytes.
                arguments("amd64", EpollEventLayout.PACKED, 12, 0, 4),
                arguments("x86_64", EpollEventLayout.PACKED, 12, 0, 4),
                arguments("i386", EpollEventLayout.PACKED, 12, 0, 4),
                // Every other architecture: no EPOLL_PACKED, the u64 data naturally aligned at 8.
                arguments("aarch64", EpollEventLayout.NATURAL, 16, 0, 8),
                arguments("riscv64", EpollEventLayout.NATURAL, 16, 0, 8),
                arguments("ppc64le", EpollEventLayout.NATURAL, 16, 0, 8));
    }

    @ParameterizedTest(name = "{0}: {2} bytes, data at {4}")
    @MethodSource("architectures")
    void eachArchitectureGetsTheHeadersLayout(String arch, EpollEventLayout layout, int size, int eventsOffset,
            int dataOffset) {
        EpollEventLayout l = EpollEventLayout.forArch(arch);
        assertSame(layout, l);
        assertEquals(size, l.size(), "sizeof(struct epoll_event)");
        assertEquals(eventsOffset, l.eventsOffset(), "events");
        assertEquals(dataOffset, l.dataOffset(), "data");
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
