package io.github.fdmux.unix;

import java.io.IOException;

/**
 * Wakeup through an eventfd(2) (Linux): one fd, an 8-byte counter; writing makes it readable,
 * reading resets it.
 */
final class EventFdWakeup implements Wakeup {
    private final int fd;
    private final NativeBuffer one;
    private final NativeBuffer sink;
    private boolean closed;

    private EventFdWakeup(int fd) {
        this.fd = fd;
        this.one = NativeBuffer.allocate(8);
        this.one.pointer().putLong(0, 1L);
        this.sink = NativeBuffer.allocate(8);
    }

    static EventFdWakeup open() throws IOException {
        int fd = Native.libc().eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (fd < 0) {
            throw Native.exception("eventfd(EFD_NONBLOCK|EFD_CLOEXEC)", -1, Native.errno());
        }
        try {
            return new EventFdWakeup(fd);
        } catch (RuntimeException | Error e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public int readFd() {
        return fd;
    }

    @Override
    public String mechanism() {
        return "eventfd";
    }

    @Override
    public void signal() throws IOException {
        Fds.writeNonBlocking(fd, one.pointer(), 8, "write(eventfd)"); // EAGAIN: the counter is at its maximum, readable
    }

    @Override
    public void drain() throws IOException {
        Fds.readNonBlocking(fd, sink.pointer(), 8, "read(eventfd)"); // one read resets the counter; EAGAIN: it was 0
    }

    @Override
    public int[] fds() {
        return new int[] {fd};
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            one.free();
            sink.free();
            Native.close(fd);
        }
    }
}
