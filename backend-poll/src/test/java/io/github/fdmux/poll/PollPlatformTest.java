package io.github.fdmux.poll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every platform's pollfd table, checked against its header's values and encoded on whatever host runs the test. */
class PollPlatformTest {
    private static final Runtime RT = Runtime.getSystemRuntime();
    private static final List<PollPlatform> ALL = List.of(PollPlatform.LINUX, PollPlatform.DARWIN,
            PollPlatform.FREEBSD, PollPlatform.OPENBSD);
    /** Linux (and on s390x), the three BSD-derived systems with a table, and one refused up front. */
    private static final List<Platform.OS> OSES = List.of(Platform.OS.LINUX, Platform.OS.ZLINUX, Platform.OS.DARWIN,
            Platform.OS.FREEBSD, Platform.OS.OPENBSD, Platform.OS.NETBSD);

    /**
     * @return each table with the header its values are from and, by that header: POLLRDHUP (0: none),
     *     whether nfds_t is unsigned long, what POLLHUP means there, and the variant the catalogue knows it by
     */
    static Stream<Arguments> headers() {
        return Stream.of(
                // POLLRDHUP since 2.6.17; glibc <sys/poll.h>: typedef unsigned long int nfds_t
                arguments(PollPlatform.LINUX, "Linux include/uapi/asm-generic/poll.h", 0x2000, true,
                        PollPlatform.Hangup.LINUX, ""),
                // typedef unsigned int nfds_t; poll(2) runs on kqueue (poll_callback)
                arguments(PollPlatform.DARWIN, "xnu bsd/sys/poll.h", 0, false, PollPlatform.Hangup.KQUEUE, "macos"),
                // POLLRDHUP added in 2021; typedef unsigned int nfds_t
                arguments(PollPlatform.FREEBSD, "FreeBSD sys/sys/poll.h", 0x4000, false, PollPlatform.Hangup.POSIX,
                        "freebsd"),
                // typedef unsigned int nfds_t
                arguments(PollPlatform.OPENBSD, "OpenBSD sys/sys/poll.h", 0, false, PollPlatform.Hangup.POSIX,
                        "openbsd"));
    }

    /** {@code struct pollfd {int fd; short events; short revents;}} and the SVR4 bits, in every header. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void structPollfdAndTheCoreBitsAreTheSvr4Ones(PollPlatform p, String header) {
        assertEquals(8, p.size(), header + ": sizeof(struct pollfd)");
        assertEquals(0, p.fdOffset(), header + ": fd");
        assertEquals(4, p.eventsOffset(), header + ": events");
        assertEquals(6, p.reventsOffset(), header + ": revents");
        assertEquals(0x1, p.pollIn(), header + ": POLLIN");
        assertEquals(0x2, p.pollPri(), header + ": POLLPRI");
        assertEquals(0x4, p.pollOut(), header + ": POLLOUT");
        assertEquals(0x8, p.pollErr(), header + ": POLLERR");
        assertEquals(0x10, p.pollHup(), header + ": POLLHUP");
        assertEquals(0x20, p.pollNval(), header + ": POLLNVAL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void rdhupNfdsHangupAndVariantDifferPerPlatform(PollPlatform p, String header, int rdhup, boolean nfdsIsLong,
            PollPlatform.Hangup hangup, String variant) {
        assertEquals(rdhup, p.pollRdHup(), header + ": POLLRDHUP");
        assertEquals(rdhup != 0, p.hasRdHup(), header);
        assertEquals(nfdsIsLong, p.nfdsIsLong(), header + ": nfds_t");
        assertEquals(hangup, p.hangup(), header);
        assertEquals(variant, p.variant(), header);
    }

    @Test
    void eachOsGetsItsTable() {
        // SupportedPlatforms.byOs picks (SupportedPlatformsTest: every OS); here, that the tables go in its order.
        assertEquals(Arrays.asList(PollPlatform.LINUX, PollPlatform.LINUX, PollPlatform.DARWIN, PollPlatform.FREEBSD,
                PollPlatform.OPENBSD, null), OSES.stream().map(PollPlatform::forOs).toList());
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
