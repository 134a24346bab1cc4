package io.github.fdmux.cli.serve;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread, one poller: polls, dispatches each ready event to its {@link Handler}, sweeps idle
 * connections (and, for HTTP, requests that take too long to arrive) when a periodic timer
 * registration fires, resumes listeners paused at the fd or connection limit. Owns its connections
 * (their list, their buffer pool); with a worker pool, workers do the I/O and hand closed connections
 * back through a queue.
 *
 * <p>The poll waits for ever, except while a listener is paused: then its timeout ends the back-off.
 * That one stays a timeout, not a timer registration, because a listener pauses when accept failed
 * with EMFILE, and a native timer (a timerfd) would need an fd just then.
 *
 * <p>The steady state allocates nothing: the event buffer, the connection list and the direct
 * buffers (taken from a pool while a connection has data in flight, given back when it has none)
 * are reused. An OutOfMemoryError while taking a connection or its buffers drops that connection,
 * not the loop.
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
    final BufferPool buffers;
    /** Trouble that a hostile client or the fd limit can repeat thousands of times a second. */
    final RateLimitedLog log = new RateLimitedLog(1, TimeUnit.SECONDS);
    private final long idleNanos;
    private final long requestNanos;
    private final long sweepNanos;
    private final Thread thread;
    private volatile boolean running = true;
    /** Connections this loop accepted; written by the loop thread only. */
    private volatile long accepted;
    private Connection[] connections = new Connection[64];
    private int count;
    /** Connections this loop forgot (closed); loop thread only. */
    private long closes;
    private int pausedAcceptors;
    private long earliestResume;
    /** The sweep timer fired in this poll's events; loop thread only. */
    private boolean sweepDue;

    EventLoop(Server server, int index, Poller poller, ServerConfig config, Counters counters, WorkerPool workers) {
        this.server = server;
        this.index = index;
        this.poller = poller;
        this.config = config;
        this.counters = counters;
        this.workers = workers;
        this.buffers = new BufferPool(config.bufferSize(), POOLED_BUFFERS, server.bufferBudget);
        this.idleNanos = config.idleTimeout().toNanos();
        this.requestNanos = config.protocol() == Protocol.HTTP ? config.requestTimeout().toNanos() : 0;
        // Sweep often enough that a connection lives at most ~1.25 × the timeout, and at most 10 times a second.
        long shortest = idleNanos == 0 ? requestNanos : requestNanos == 0 ? idleNanos : Math.min(idleNanos, requestNanos);
        this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(shortest / 4, TimeUnit.SECONDS.toNanos(1)));
        this.thread = new Thread(this, "fdmux-serve-loop-" + index);
        this.thread.setDaemon(true);
    }

    /** Registers a listener with this loop's poller (before {@link #start()}). */
    void listen(ServerSocketChannel listener, RegisterOption... options) throws IOException {
        Acceptor a = new Acceptor(this, listener, config.listenerMode(), options);
        a.register();
        acceptors.add(a);
    }

    /** Registers the periodic timer that sweeps idle connections, if there is a timeout (before {@link #start()}). */
    void scheduleSweeps() throws IOException {
        if (idleNanos > 0 || requestNanos > 0) {
            Duration every = Duration.ofNanos(sweepNanos);
            poller.registerTimer(every, every, new Handler() {
                @Override
                public void onReady(int readyOps, long now) {
                    sweepDue = true; // once, however many periods were missed
                }

                @Override
                public void close() {
                }
            });
        }
    }

    void start() {
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
                if (pausedAcceptors > 0) {
                    timeout = Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliestResume - System.nanoTime() + 999_999));
                }
                int n = poller.poll(events, timeout);
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ((Handler) events.attachment(i)).onReady(events.readyOps(i), now);
                }
                forgetClosedByWorkers();
                if (sweepDue) { // after the batch: a connection whose data came with the timer is not idle
                    sweepDue = false;
                    sweep(now);
                }
                if (pausedAcceptors > 0) {
                    resumeAcceptors(now);
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

    /**
     * Takes an accepted connection: non-blocking, no Nagle delay, registered for READ; no buffers
     * until it has data. Loop thread. A failure, OutOfMemoryError included, drops this connection only.
     */
    void adopt(SocketChannel c, long now) {
        Connection conn;
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            conn = new Connection(this, c, config.protocol().newCodec(), now);
            conn.registration = poller.register(c, Interest.READ, config.mode(), conn);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            counters.errors.incrementAndGet();
            log.log("cannot take a connection: " + e, now);
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
        closes++;
    }

    private void sweep(long now) {
        for (int i = count - 1; i >= 0; i--) {
            if (i < count) {
                connections[i].expire(now, idleNanos, requestNanos);
            }
        }
    }

    /** @return connections this loop closed so far (a paused acceptor resumes when this moves). Loop thread. */
    long closes() {
        return closes;
    }

    /** @return whether the server holds {@code --max-connections} open connections */
    boolean atConnectionLimit() {
        return counters.accepted.get() - counters.closed.get() >= config.maxConnections();
    }

    /** An acceptor stopped accepting until {@code resumeAt} (or a close). Loop thread. */
    void acceptorPaused(long resumeAt) {
        if (pausedAcceptors == 0 || resumeAt - earliestResume < 0) {
            earliestResume = resumeAt;
        }
        pausedAcceptors++;
    }

    private void resumeAcceptors(long now) throws IOException {
        int still = 0;
        long earliest = 0;
        for (Acceptor a : acceptors) {
            if (a.isPaused()) {
                a.resumeIfDue(now);
            }
            if (a.isPaused()) {
                earliest = still == 0 || a.resumeAt() - earliest < 0 ? a.resumeAt() : earliest;
                still++;
            }
        }
        pausedAcceptors = still;
        earliestResume = earliest;
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

    /** Cancels the listeners' registrations. Call after the loop thread stopped. */
    void stopAccepting() {
        for (Acceptor a : acceptors) {
            a.close();
        }
    }

    /**
     * Closes every connection. Call after the loop thread (and the workers) stopped.
     *
     * @return how many connections were closed
     */
    int closeConnections() {
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
        return closed;
    }

    /** Closes the poller, and so every registration left in it (a signal's restores its previous handler). */
    void closePoller() {
        try {
            poller.close();
        } catch (IOException e) {
            System.err.println("fdmux serve: closing the poller: " + e.getMessage());
        }
    }
}
