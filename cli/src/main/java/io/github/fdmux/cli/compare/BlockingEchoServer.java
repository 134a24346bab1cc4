package io.github.fdmux.cli.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The echo server of a {@link Baseline}: an acceptor thread, and a thread per connection (platform
 * or virtual) that reads what arrives and writes it back, blocking, until end of stream. Exactly what
 * {@code fdmux serve} does per connection, without an event loop.
 */
final class BlockingEchoServer implements SubjectServer {
    /** The carriers of the JDK's virtual-thread scheduler (a ForkJoinPool), whose CPU is the virtual threads'. */
    private static final Pattern CARRIER = Pattern.compile("ForkJoinPool-\\d+-worker-\\d+");

    private final Baseline baseline;
    private final ServerSocketChannel listener;
    private final ThreadFactory factory;
    private final Thread acceptor;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> platformThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Throwable failure;
    private volatile boolean closed;

    private BlockingEchoServer(Baseline baseline, ServerSocketChannel listener, ThreadFactory factory) {
        this.baseline = baseline;
        this.listener = listener;
        this.factory = factory;
        this.acceptor = new Thread(this::acceptLoop, "fdmux-compare-" + baseline.name().toLowerCase() + "-acceptor");
        this.acceptor.setDaemon(true);
    }

    static BlockingEchoServer start(Baseline baseline) throws IOException {
        ThreadFactory factory = baseline.threadFactory();
        if (factory == null) {
            throw new IllegalStateException(baseline + ": " + baseline.absentReason());
        }
        ServerSocketChannel l = ServerSocketChannel.open();
        try {
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
        BlockingEchoServer s = new BlockingEchoServer(baseline, l, factory);
        s.platformThreads.add(s.acceptor);
        s.acceptor.start();
        return s;
    }

    private void acceptLoop() {
        try {
            while (!closed) {
                SocketChannel c = listener.accept();
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                open.add(c);
                accepted.incrementAndGet();
                Thread t = factory.newThread(() -> echo(c));
                if (baseline == Baseline.THREADS) {
                    platformThreads.add(t);
                }
                t.start();
            }
        } catch (ClosedChannelException e) {
            // closed by close()
        } catch (Throwable t) {
            if (!closed) {
                failure = t;
            }
        }
    }

    private void echo(SocketChannel c) {
        ByteBuffer buf = ByteBuffer.allocateDirect(16 * 1024);
        try (c) {
            while (c.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    c.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // reset by the peer or closed by close(): the connection ends
        } finally {
            open.remove(c);
            platformThreads.remove(Thread.currentThread());
        }
    }

    @Override
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    @Override
    public long[] cpuThreadIds() {
        List<Long> ids = new ArrayList<>();
        if (baseline == Baseline.VIRTUAL) {
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                if (CARRIER.matcher(info.getThreadName()).matches()) {
                    ids.add(info.getThreadId());
                }
            }
        }
        for (Thread t : platformThreads) {
            ids.add(t.getId());
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public io.github.fdmux.PollerStats pollerStats() {
        return null;
    }

    @Override
    public long openConnections() {
        return open.size();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : open) {
            try {
                c.close(); // ends the connection thread's read
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
