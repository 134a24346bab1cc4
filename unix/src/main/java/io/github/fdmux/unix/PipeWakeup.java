package io.github.fdmux.unix;

import java.io.IOException;

/** Wakeup through a non-blocking pipe: portable POSIX. */
final class PipeWakeup implements Wakeup {
    private static final int DRAIN_BYTES = 128;
    private final int readFd;
    private final int writeFd;
    private final NativeBuffer one;
    private final NativeBuffer sink;
    private boolean closed;

    private PipeWakeup(int[] fds) {
        this.readFd = fds[0];
        this.writeFd = fds[1];
        this.one = NativeBuffer.allocate(1);
        this.one.pointer().putByte(0, (byte) 1);
        this.sink = NativeBuffer.allocate(DRAIN_BYTES);
    }

    static PipeWakeup open() throws IOException {
        int[] fds = Fds.nonBlockingPipe();
        try {
            return new PipeWakeup(fds);
        } catch (RuntimeException | Error e) {
            Fds.closeQuietly(fds[0]);
            Fds.closeQuietly(fds[1]);
            throw e;
        }
    }

    @Override
    public int readFd() {
        return readFd;
    }

    @Override
    public String mechanism() {
        return "pipe";
    }

    @Override
    public void signal() throws IOException {
        Fds.writeNonBlocking(writeFd, one.pointer(), 1, "write(wakeup pipe)"); // EAGAIN: the pipe is full, readable
    }

    @Override
    public void drain() throws IOException {
        while (Fds.readNonBlocking(readFd, sink.pointer(), DRAIN_BYTES, "read(wakeup pipe)") > 0) {
            // until empty (EAGAIN) or end of file
        }
    }

    @Override
    public int[] fds() {
        return new int[] {readFd, writeFd};
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        one.free();
        sink.free();
        try {
            Native.close(readFd);
        } finally {
            Native.close(writeFd);
        }
    }
}
