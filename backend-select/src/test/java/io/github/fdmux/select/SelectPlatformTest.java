package io.github.fdmux.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Platform;
import org.junit.jupiter.api.Test;

/**
 * Every platform's fd_set table against its header's values, and the bitmap encoded in each
 * layout on whatever host runs the test (FD_SET's word and bit, in the machine's byte order).
 */
class SelectPlatformTest {
    private static final List<SelectPlatform> ALL = List.of(SelectPlatform.LINUX, SelectPlatform.DARWIN,
            SelectPlatform.FREEBSD, SelectPlatform.OPENBSD);

    @Test
    void fdSetSizeAndWordWidthAreTheHeadersValues() {
        // glibc bits/typesizes.h __FD_SETSIZE and sys/select.h "long int __fd_mask"; xnu _fd_def.h __int32_t;
        // FreeBSD "unsigned long __fd_mask"; OpenBSD uint32_t.
        assertEquals(List.of(1024, 1024, 1024, 1024), ALL.stream().map(SelectPlatform::fdSetSize).toList());
        assertEquals(List.of(8, 4, 8, 4), ALL.stream().map(SelectPlatform::wordBytes).toList());
        assertEquals(List.of(8, 4, 8, 8), ALL.stream().map(SelectPlatform::usecBytes).toList());
        for (SelectPlatform p : ALL) {
            assertEquals(p.fdSetSize() / 8, p.fdSetBytes(), p.name() + ": one bit per fd");
            assertEquals(0, p.fdSetSize() % p.bitsPerWord(), p.name() + ": whole words");
            assertEquals(1, p.wordsFor(1), p.name());
            assertEquals(1, p.wordsFor(p.bitsPerWord()), p.name());
            assertEquals(2, p.wordsFor(p.bitsPerWord() + 1), p.name());
            assertEquals(p.fdSetSize() / p.bitsPerWord(), p.wordsFor(p.fdSetSize()), p.name());
        }
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
    @Test
    void fdSetPutsEachFdOnItsWordAndBitInEveryLayout() {
        for (SelectPlatform p : ALL) {
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
    }

    @Test
    void copyToCopiesTheWordsBelowNfdsOnly() {
        for (SelectPlatform p : ALL) {
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
    }
}
