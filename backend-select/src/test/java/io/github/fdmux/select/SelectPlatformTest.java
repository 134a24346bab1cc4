package io.github.fdmux.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jnr.ffi.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every platform's fd_set table against its header's values, and the bitmap encoded in each
 * layout on whatever host runs the test (FD_SET's word and bit, in the machine's byte order).
 */
class SelectPlatformTest {
    /**
     * @return each table with the headers its values are from and, by those headers: FD_SETSIZE,
     *     sizeof(__fd_mask), and the width of timeval.tv_usec (LP64)
     */
    static Stream<Arguments> headers() {
        return Stream.of(
                arguments(SelectPlatform.LINUX, "glibc bits/typesizes.h, sys/select.h (long int __fd_mask)", 1024, 8, 8),
                arguments(SelectPlatform.DARWIN, "xnu bsd/sys/_types/_fd_def.h (__int32_t), _timeval.h", 1024, 4, 4),
                arguments(SelectPlatform.FREEBSD, "FreeBSD sys/sys/select.h (unsigned long __fd_mask), _timeval.h",
                        1024, 8, 8),
                arguments(SelectPlatform.OPENBSD, "OpenBSD sys/sys/select.h (uint32_t __fd_mask), _time.h", 1024, 4, 8));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("headers")
    void fdSetSizeAndWordWidthAreTheHeadersValues(SelectPlatform p, String headers, int fdSetSize, int wordBytes,
            int usecBytes) {
        assertEquals(fdSetSize, p.fdSetSize(), headers + ": FD_SETSIZE");
        assertEquals(wordBytes, p.wordBytes(), headers + ": sizeof(__fd_mask)");
        assertEquals(usecBytes, p.usecBytes(), headers + ": tv_usec");
        assertEquals(p.fdSetSize() / 8, p.fdSetBytes(), p.name() + ": one bit per fd");
        assertEquals(0, p.fdSetSize() % p.bitsPerWord(), p.name() + ": whole words");
        assertEquals(1, p.wordsFor(1), p.name());
        assertEquals(1, p.wordsFor(p.bitsPerWord()), p.name());
        assertEquals(2, p.wordsFor(p.bitsPerWord() + 1), p.name());
        assertEquals(p.fdSetSize() / p.bitsPerWord(), p.wordsFor(p.fdSetSize()), p.name());
    }

    @Test
    void eachOsHasItsTable() {
        // SupportedPlatforms.byOs picks (SupportedPlatformsTest: every OS); here, that the tables go in its order.
        List<Platform.OS> oses = List.of(Platform.OS.LINUX, Platform.OS.ZLINUX, Platform.OS.DARWIN, Platform.OS.FREEBSD,
                Platform.OS.OPENBSD, Platform.OS.DRAGONFLY);
        assertEquals(Arrays.asList(SelectPlatform.LINUX, SelectPlatform.LINUX, SelectPlatform.DARWIN,
                SelectPlatform.FREEBSD, SelectPlatform.OPENBSD, null), oses.stream().map(SelectPlatform::forOs).toList());
    }

    /** FD_SET(fd) sets bit fd % NFDBITS of word fd / NFDBITS, the word stored in the machine's byte order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void fdSetPutsEachFdOnItsWordAndBitInEveryLayout(SelectPlatform p) {
        FdSet s = new FdSet(p);
        try {
            for (int fd : new int[] {0, 1, 7, 8, 31, 32, 33, 63, 64, 65, p.fdSetSize() - 1}) {
                s.set(fd);
                int word = fd / p.bitsPerWord();
                int bit = fd % p.bitsPerWord();
                assertEquals(1L << bit, s.word(word), p.name() + " fd " + fd);
                int byteInWord = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? bit / 8
                        : p.wordBytes() - 1 - bit / 8;
                long byteOffset = (long) word * p.wordBytes() + byteInWord;
                assertEquals((byte) (1 << (bit % 8)), s.pointer().getByte(byteOffset), p.name() + " fd " + fd);
                assertTrue(s.isSet(fd), p.name() + " fd " + fd);
                for (int other = 0; other < p.fdSetSize(); other++) {
                    if (other != fd && s.isSet(other)) {
                        throw new AssertionError(p.name() + ": FD_SET(" + fd + ") also set " + other);
                    }
                }
                s.clear(fd);
                assertFalse(s.isSet(fd), p.name() + " fd " + fd);
                assertEquals(0, s.word(word), p.name() + " fd " + fd);
            }
        } finally {
            s.free();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void copyToCopiesTheWordsBelowNfdsOnly(SelectPlatform p) {
        FdSet a = new FdSet(p);
        FdSet b = new FdSet(p);
        try {
            a.set(3);
            a.set(p.bitsPerWord()); // the second word
            a.copyTo(b, 4);
            assertTrue(b.isSet(3), p.name());
            assertFalse(b.isSet(p.bitsPerWord()), p.name() + ": the second word is beyond nfds 4");
            a.copyTo(b, p.bitsPerWord() + 1);
            assertTrue(b.isSet(p.bitsPerWord()), p.name());
            b.zero();
            for (int w = 0; w < p.wordsFor(p.fdSetSize()); w++) {
                assertEquals(0, b.word(w), p.name());
            }
        } finally {
            a.free();
            b.free();
        }
    }

    /** A timeout in nanoseconds, and the timeval select(2) must get: rounded up, the carry in tv_sec. */
    static Stream<Arguments> timevals() {
        return Stream.of(arguments(0L, 0L, 0L), arguments(1L, 0L, 1L), arguments(1_000L, 0L, 1L),
                arguments(1_001L, 0L, 2L), arguments(999_999_001L, 1L, 0L), arguments(1_999_999_999L, 2L, 0L),
                arguments(86_400_000_000_000L, 86_400L, 0L));
    }

    @ParameterizedTest(name = "{0} ns -> {1} s {2} us")
    @MethodSource("timevals")
    void timeoutsAreRoundedUpAndTvUsecStaysBelowOneSecondInEveryLayout(long nanos, long seconds, long micros) {
        for (SelectPlatform p : List.of(SelectPlatform.LINUX, SelectPlatform.DARWIN, SelectPlatform.FREEBSD,
                SelectPlatform.OPENBSD)) {
            jnr.ffi.Pointer t = jnr.ffi.Memory.allocateDirect(jnr.ffi.Runtime.getSystemRuntime(),
                    SelectPlatform.TIMEVAL_SIZE, true);
            p.putTimeval(t, nanos);
            assertEquals(seconds, t.getLong(SelectPlatform.TV_SEC_OFFSET), p + ": tv_sec");
            assertEquals(micros, p.usecBytes() == 8 ? t.getLong(SelectPlatform.TV_USEC_OFFSET)
                    : t.getInt(SelectPlatform.TV_USEC_OFFSET), p + ": tv_usec");
        }
    }
}
