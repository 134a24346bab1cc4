package io.github.fdmux.poll;

import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;

/** Reads and writes on raw fds, for tests. */
final class RawIo {
    private RawIo() {
    }

    /**
     * Writes one byte.
     *
     * @param fd the fd
     * @throws IOException if the write fails
     */
    static void write(int fd) throws IOException {
        try (NativeBuffer b = NativeBuffer.allocate(1)) {
            if (Native.libc().write(fd, b.pointer(), 1) != 1) {
                throw Native.exception("write", fd, Native.errno());
            }
        }
    }

    /**
     * Moves an fd 256 above the lowest free number (closing the old one), so that once it is closed
     * no other thread's open() takes the number while a test still polls it.
     *
     * @param fd the fd
     * @return its new number
     * @throws IOException if dup, fcntl or close fails
     */
    static int moveHigh(int fd) throws IOException {
        int lowest = Native.libc().dup(fd);
        if (lowest < 0) {
            throw Native.exception("dup", fd, Native.errno());
        }
        Native.close(lowest);
        int high = Native.libc().fcntl(fd, jnr.constants.platform.Fcntl.F_DUPFD.intValue(), lowest + 256);
        if (high < 0) {
            throw Native.exception("fcntl(F_DUPFD)", fd, Native.errno());
        }
        Native.close(fd);
        return high;
    }

    /**
     * Reads until EAGAIN or EOF.
     *
     * @param fd the fd
     * @return bytes read
     * @throws IOException if a read fails
     */
    static long drain(int fd) throws IOException {
        long total = 0;
        try (NativeBuffer b = NativeBuffer.allocate(4096)) {
            while (true) {
                long r = Native.libc().read(fd, b.pointer(), 4096);
                if (r > 0) {
                    total += r;
                } else if (r == 0) {
                    return total;
                } else {
                    int err = Native.errno();
                    if (err == Errnos.EAGAIN) {
                        return total;
                    }
                    if (err != Errnos.EINTR) {
                        throw Native.exception("read", fd, err);
                    }
                }
            }
        }
    }
}
