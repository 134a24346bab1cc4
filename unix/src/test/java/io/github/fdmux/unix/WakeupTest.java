package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.NativeCallException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WakeupTest {

    private static long readable(Wakeup w) throws IOException {
        // A non-blocking read that returns data proves the signal; drain leaves nothing.
        try (NativeBuffer b = NativeBuffer.allocate(8)) {
            return Native.libc().read(w.readFd(), b.pointer(), w.mechanism().equals("eventfd") ? 8 : 1);
        }
    }

    @Test
    void pipeSignalThenDrain() throws IOException {
        check(Wakeups.openPipe(), "pipe");
    }

    @Test
    void eventfdOnLinux() throws IOException {
        assumeTrue(Native.isLinux(), "eventfd is Linux only");
        check(Wakeups.open(), "eventfd");
    }

    private static void check(Wakeup w, String mechanism) throws IOException {
        long live = NativeBuffer.liveBuffers();
        int[] fds = w.fds();
        try {
            assertEquals(mechanism, w.mechanism());
            for (int i = 0; i < 1000; i++) {
                w.signal(); // never blocks or fails, however many
            }
            w.drain();
            assertEquals(-1, readable(w), "drained");
            w.signal();
            assertTrue(readable(w) > 0, "signalled");
        } finally {
            w.close();
            w.close();
        }
        for (int fd : fds) {
            assertFalse(Fds.isOpen(fd), "fd " + fd + " closed");
        }
        assertEquals(live - 2, NativeBuffer.liveBuffers(), "both native buffers freed");
    }

    @Test
    void fcntlOnAClosedFdNamesTheCallAndFd() {
        NativeCallException e = org.junit.jupiter.api.Assertions.assertThrows(NativeCallException.class,
                () -> Fds.setNonBlocking(999_999));
        assertEquals("EBADF", e.errnoName());
        assertTrue(e.getMessage().startsWith("fcntl(F_GETFL) on fd 999999 failed: EBADF"), e.getMessage());
    }

    @Test
    void fileIdentityTellsSocketsApart() throws IOException {
        int[] a = Fds.nonBlockingSocketPair();
        try {
            FileIdentity x = FileIdentity.of(a[0]);
            FileIdentity y = FileIdentity.of(a[1]);
            assertFalse(x.equals(y), x + " vs " + y);
            assertEquals(x, FileIdentity.of(a[0]));
            assertFalse(x.isRegularFile());
        } finally {
            Fds.closeQuietly(a[0]);
            Fds.closeQuietly(a[1]);
        }
        NativeCallException e = org.junit.jupiter.api.Assertions.assertThrows(NativeCallException.class,
                () -> FileIdentity.of(a[0]));
        assertEquals("EBADF", e.errnoName());
    }
}
