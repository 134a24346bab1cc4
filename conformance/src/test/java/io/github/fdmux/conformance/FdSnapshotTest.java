package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.unix.Fds;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The leak check's classification, including the fstat path used where there is no /proc. */
class FdSnapshotTest {

    @Test
    void fstatNamesSocketsAndPipes() throws Exception {
        int[] sp = Fds.nonBlockingSocketPair();
        int[] pipe = Fds.nonBlockingPipe();
        try {
            assertTrue(FdSnapshot.typeOf(sp[0]).startsWith("socket:"), FdSnapshot.typeOf(sp[0]));
            assertTrue(FdSnapshot.typeOf(pipe[0]).startsWith("pipe:"), FdSnapshot.typeOf(pipe[0]));
        } finally {
            for (int fd : new int[] {sp[0], sp[1], pipe[0], pipe[1]}) {
                Fds.closeQuietly(fd);
            }
        }
        assertEquals("?", FdSnapshot.typeOf(999_999), "a closed fd");
    }

    @Test
    void onlyKernelObjectsCountAsLeaks() {
        FdSnapshot before = new FdSnapshot(new TreeMap<>(Map.of(3, "socket:1")));
        FdSnapshot after = new FdSnapshot(new TreeMap<>(Map.of(3, "socket:1", 4, "file:77", 5, "chr:9",
                6, "pipe:12", 7, "kernel:0:5", 8, "/usr/lib/jvm/x.jar", 9, "socket:[42]")));
        assertEquals(Map.of(6, "pipe:12", 7, "kernel:0:5", 9, "socket:[42]"), after.leakedSince(before));
    }
}
