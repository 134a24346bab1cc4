package io.github.fdmux.unix;

import java.io.IOException;

/**
 * A {@link Wakeup} through file descriptors, in one of two forms that differ only in their fds and
 * in how much one write and one read carry:
 * <ul>
 *   <li>an eventfd(2) (Linux): one fd that is both ends, an 8-byte counter; writing 1 makes it
 *       readable, and one read returns the whole counter and resets it;</li>
 *   <li>a non-blocking pipe (portable POSIX): a byte written to the write end makes the read end
 *       readable; signals that came while nobody drained are several bytes, read until EAGAIN.</li>
 * </ul>
 * A full eventfd counter or pipe (EAGAIN on write) is already readable, which is all a signal asks.
 */
final class FdWakeup implements Wakeup {
    private static final int PIPE_DRAIN_BYTES = 128;

    private final String mechanism;
    private final int readFd;
    private final int writeFd;
    private final NativeBuffer token;
    private final NativeBuffer sink;
    /** Whether one read empties it (eventfd) or reads go on until EAGAIN (pipe). */
    private final boolean oneReadEmpties;
    private final String writeCall;
    private final String readCall;
    private boolean closed;

    private FdWakeup(String mechanism, String fdName, int readFd, int writeFd, NativeBuffer token, NativeBuffer sink,
            boolean oneReadEmpties) {
        this.mechanism = mechanism;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.token = token;
        this.sink = sink;
        this.oneReadEmpties = oneReadEmpties;
        this.writeCall = "write(" + fdName + ")";
        this.readCall = "read(" + fdName + ")";
    }

    /**
     * @return an eventfd wakeup (Linux)
     * @throws IOException if eventfd(2) fails (it names the call and the errno)
     */
    static FdWakeup eventFd() throws IOException {
        int fd = Native.libc().eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (fd < 0) {
            throw Native.exception("eventfd(EFD_NONBLOCK|EFD_CLOEXEC)", -1, Native.errno());
        }
        return around("eventfd", "eventfd", fd, fd, 8, 8, true);
    }

    /**
     * @return a pipe wakeup
     * @throws IOException if pipe(2) or making its ends non-blocking fails
     */
    static FdWakeup pipe() throws IOException {
        int[] fds = Fds.nonBlockingPipe();
        return around("pipe", "wakeup pipe", fds[0], fds[1], 1, PIPE_DRAIN_BYTES, false);
    }

    /**
     * @param mechanism the name {@link #mechanism()} gives
     * @param fdName the fd as errors name it, e.g. "read(wakeup pipe)"
     * @return the wakeup, owning the fds (closed here if its buffers cannot be had)
     */
    private static FdWakeup around(String mechanism, String fdName, int readFd, int writeFd, int tokenBytes,
            int sinkBytes, boolean oneReadEmpties) {
        NativeBuffer token = null;
        try {
            token = NativeBuffer.allocate(tokenBytes);
            if (tokenBytes == 8) {
                token.pointer().putLong(0, 1L);
            } else {
                token.pointer().putByte(0, (byte) 1);
            }
            return new FdWakeup(mechanism, fdName, readFd, writeFd, token, NativeBuffer.allocate(sinkBytes),
                    oneReadEmpties);
        } catch (RuntimeException | Error e) {
            if (token != null) {
                token.free();
            }
            Fds.closeQuietly(readFd);
            if (writeFd != readFd) {
                Fds.closeQuietly(writeFd);
            }
            throw e;
        }
    }

    @Override
    public int readFd() {
        return readFd;
    }

    @Override
    public String mechanism() {
        return mechanism;
    }

    @Override
    public void signal() throws IOException {
        Fds.writeNonBlocking(writeFd, token.pointer(), token.size(), writeCall);
    }

    @Override
    public void drain() throws IOException {
        long n;
        do {
            n = Fds.readNonBlocking(readFd, sink.pointer(), sink.size(), readCall);
        } while (n > 0 && !oneReadEmpties); // -1: EAGAIN, empty; 0: a pipe's end of file
    }

    @Override
    public int[] fds() {
        return readFd == writeFd ? new int[] {readFd} : new int[] {readFd, writeFd};
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        token.free();
        sink.free();
        try {
            Native.close(readFd);
        } finally {
            if (writeFd != readFd) {
                Native.close(writeFd);
            }
        }
    }
}
