package io.github.fdmux.cli.serve;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread, one poller: polls, dispatches each ready event to its {@link Handler}, sweeps idle
 * connections. Owns its connections (their list, their buffers); with a worker pool, workers do
 * the I/O and hand closed connections back through a queue.
 *
 * <p>The steady state allocates nothing: the event buffer, the connection list and the direct
 * buffers (recycled through a pool when connections close) are reused.
 */
final class EventLoop implements Runnable {
    private static final int POOLED_BUFFERS = 256;

    final int index;
    final Poller poller;
    final ServerConfig config;
    final Counters counters;
    final WorkerPool workers;
    private final Server server;
    private final ReadyEvents events = new ReadyEvents(512);
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final ConcurrentLinkedQueue<Connection> closedByWorkers = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ByteBuffer> bufferPool = new ArrayDeque<>();
    private final long idleNanos;
    private final long sweepNanos;
    private final Thread thread;
    private volatile boolean running = true;
    /** Connections this loop accepted; written by the loop thread only. */
    private volatile long accepted;
    private Connection[] connections = new Connection[64];
    private int count;
    private long nextSweep;

    EventLoop(Server server, int index, Poller poller, ServerConfig config, Counters counters, WorkerPool workers) {
        this.server = server;
        this.index = index;
        this.poller = poller;
        this.config = config;
        this.counters = counters;
        this.workers = workers;
        this.idleNanos = config.idleTimeout().toNanos();
        // Sweep often enough that a connection lives at most ~1.25 × the timeout, and at most 10 times a second.
        this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(idleNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        this.thread = new Thread(this, "fdmux-serve-loop-" + index);
        this.thread.setDaemon(true);
    }

    /** Registers a listener with this loop's poller (before {@link #start()}). */
    void listen(ServerSocketChannel listener, RegisterOption... options) throws IOException {
        Mode mode = config.listenerMode();
        Acceptor a = new Acceptor(this, listener, mode.isOneshot());
        a.registration = poller.register(listener, Interest.READ, mode, a, options);
        acceptors.add(a);
    }

    void start() {
        nextSweep = System.nanoTime() + sweepNanos;
        thread.start();
    }

    long threadId() {
        return thread.getId();
    }

    @Override
    public void run() {
        try {
            while (running) {
                long timeout = Poller.FOREVER;
                if (idleNanos > 0) {
                    long left = nextSweep - System.nanoTime();
                    timeout = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
                }
                int n = poller.poll(events, timeout);
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ((Handler) events.attachment(i)).onReady(events.readyOps(i), now);
                }
                forgetClosedByWorkers();
                if (idleNanos > 0 && now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + sweepNanos;
                }
            }
        } catch (ClosedPollerException e) {
            if (running) {
                server.loopFailed(this, e);
            }
        } catch (Throwable t) {
            server.loopFailed(this, t);
        }
    }

    /** Takes an accepted connection: non-blocking, no Nagle delay, registered for READ. Loop thread. */
    void adopt(SocketChannel c, long now) {
        Connection conn = null;
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            conn = new Connection(this, c, buffer(), buffer(), config.protocol().newCodec(), now);
            conn.registration = poller.register(c, Interest.READ, config.mode(), conn);
        } catch (IOException | RuntimeException e) {
            counters.errors.incrementAndGet();
            System.err.println("fdmux serve: cannot take a connection: " + e);
            if (conn != null) {
                recycle(conn);
            }
            try {
                c.close();
            } catch (IOException ignored) {
                // it is gone either way
            }
            return;
        }
        counters.accepted.incrementAndGet();
        accepted++; // single writer
        if (count == connections.length) {
            connections = java.util.Arrays.copyOf(connections, count * 2);
        }
        conn.slot = count;
        connections[count++] = conn;
    }

    /** A connection closed itself: forget it now on this thread, or later if a worker closed it. */
    void onClosed(Connection c) {
        if (Thread.currentThread() == thread) {
            forget(c);
        } else {
            closedByWorkers.add(c);
        }
    }

    private void forgetClosedByWorkers() {
        Connection c;
        while ((c = closedByWorkers.poll()) != null) {
            forget(c);
        }
    }

    private void forget(Connection c) {
        int s = c.slot;
        if (s < 0 || s >= count || connections[s] != c) {
            return;
        }
        Connection last = connections[--count];
        connections[s] = last;
        last.slot = s;
        connections[count] = null;
        c.slot = -1;
        recycle(c);
    }

    private void sweep(long now) {
        for (int i = count - 1; i >= 0; i--) {
            if (i < count) {
                connections[i].expireIfIdle(now, idleNanos);
            }
        }
    }

    private ByteBuffer buffer() {
        ByteBuffer b = bufferPool.poll();
        return b != null ? b : ByteBuffer.allocateDirect(config.bufferSize());
    }

    private void recycle(Connection c) {
        recycle(c.in);
        recycle(c.out);
    }

    private void recycle(ByteBuffer b) {
        if (bufferPool.size() < POOLED_BUFFERS) {
            b.clear();
            bufferPool.push(b);
        }
    }

    /** @return connections this loop accepted */
    long accepted() {
        return accepted;
    }

    /** Asks the loop to stop; it returns from its poll at once. */
    void stop() {
        running = false;
        try {
            poller.wakeup();
        } catch (ClosedPollerException e) {
            // already closed: not polling
        }
    }

    boolean join(long millis) throws InterruptedException {
        if (thread.isAlive()) {
            thread.join(millis);
        }
        return !thread.isAlive();
    }

    /**
     * Closes every connection, cancels the listeners' registrations and closes the poller. Call
     * after the loop thread (and the workers) stopped.
     *
     * @return how many connections were closed
     */
    int closeAll() {
        int closed = 0;
        forgetClosedByWorkers();
        while (count > 0) {
            Connection c = connections[count - 1];
            forget(c);
            if (!c.isClosed()) {
                c.close();
                closed++;
            }
        }
        closedByWorkers.clear();
        for (Acceptor a : acceptors) {
            a.close();
        }
        try {
            poller.close();
        } catch (IOException e) {
            System.err.println("fdmux serve: closing the poller: " + e.getMessage());
        }
        return closed;
    }
}
