package io.github.fdmux.bench.micro;

import io.github.fdmux.unix.ChannelFd;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.ResourceLimits;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * N registrable JDK channels of which M are readable, the same set for every subject of a
 * dispatch benchmark. The M ready ones are pipes (their write ends stay here to make them readable
 * again); the N - M idle ones are unbound UDP sockets, which never become readable and cost one fd
 * each, so that N = 10,000 fits under a 20,000 fd limit (10,000 pipes would need 20,000 fds). The
 * ready ones are spread evenly through the registration order, so a poll(2) array scan meets them
 * where it would in a real server, not all at the front.
 */
final class ReadyFds implements Closeable {
    final SelectableChannel[] channels;
    final int[] fds;
    /** The write ends of the ready pipes, and their fds. */
    final Pipe.SinkChannel[] sinks;
    final int[] sinkFds;
    final Pipe.SourceChannel[] sources;
    private final List<Closeable> toClose = new ArrayList<>();
    private final NativeBuffer oneByte = NativeBuffer.allocate(1);
    private final NativeBuffer drainBuffer = NativeBuffer.allocate(65536);

    ReadyFds(int n, int m) throws IOException {
        if (m > n || m < 0 || n < 1) {
            throw new IllegalArgumentException("need 0 <= M <= N, N >= 1; got N=" + n + " M=" + m);
        }
        ResourceLimits.raiseNoFile(n + m + 4096L);
        channels = new SelectableChannel[n];
        fds = new int[n];
        sinks = new Pipe.SinkChannel[m];
        sinkFds = new int[m];
        sources = new Pipe.SourceChannel[m];
        int ready = 0;
        try {
            for (int i = 0; i < n; i++) {
                // Ready slot j sits at index j * n / m.
                boolean isReady = ready < m && (long) ready * n / m == i;
                SelectableChannel ch;
                if (isReady) {
                    Pipe p = Pipe.open();
                    toClose.add(p.source());
                    toClose.add(p.sink());
                    p.source().configureBlocking(false);
                    p.sink().configureBlocking(false);
                    sources[ready] = p.source();
                    sinks[ready] = p.sink();
                    sinkFds[ready] = ChannelFd.of(p.sink());
                    ready++;
                    ch = p.source();
                } else {
                    DatagramChannel d = DatagramChannel.open();
                    toClose.add(d);
                    d.configureBlocking(false);
                    ch = d;
                }
                channels[i] = ch;
                fds[i] = ChannelFd.of(ch);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        oneByte.pointer().putByte(0, (byte) 'x');
    }

    /** Makes every ready pipe readable (one byte each), through the JDK. */
    void fill() throws IOException {
        for (Pipe.SinkChannel s : sinks) {
            ByteBuffer b = ByteBuffer.allocate(1);
            b.put((byte) 'x').flip();
            if (s.write(b) != 1) {
                throw new IOException("pipe full");
            }
        }
    }

    /** One more byte into every ready pipe: a new arrival, so a new edge. One write(2) each. */
    void retrigger() throws IOException {
        for (int fd : sinkFds) {
            if (Native.libc().write(fd, oneByte.pointer(), 1) != 1) {
                throw Native.exception("write(pipe)", fd, Native.errno());
            }
        }
    }

    /** Empties every ready pipe (then they are not readable until the next write). */
    void drain() throws IOException {
        for (Pipe.SourceChannel s : sources) {
            int fd = ChannelFd.of(s);
            while (Native.libc().read(fd, drainBuffer.pointer(), 65536) > 0) {
                // until EAGAIN
            }
        }
    }

    @Override
    public void close() {
        for (Closeable c : toClose) {
            try {
                c.close();
            } catch (IOException ignored) {
                // benchmark teardown
            }
        }
        oneByte.free();
        drainBuffer.free();
    }
}
