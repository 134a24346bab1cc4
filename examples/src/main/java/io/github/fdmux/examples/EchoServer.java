package io.github.fdmux.examples;

import static io.github.fdmux.ReadyEvents.ERROR;
import static io.github.fdmux.ReadyEvents.READABLE;
import static io.github.fdmux.ReadyEvents.READ_CLOSED;

import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A complete TCP echo server on one poller, written the way docs/guide.md teaches ("the reactor
 * discipline"): non-blocking channels; reads drained to EAGAIN and writes filled to EAGAIN (what
 * EDGE requires, harmless otherwise); WRITE interest only while output is pending; a bounded buffer
 * per connection with backpressure (no READ interest while it is full, data left in the kernel);
 * an accept loop that backs off at the fd limit; idle timeouts; cancel before close. Works in every
 * mode: LEVEL, EDGE, ONESHOT and
 * EDGE_ONESHOT (re-armed after each turn); in the oneshot modes it can hand each ready connection to
 * a pool of worker threads, one worker at a time per connection.
 *
 * <p>Threads: one event-loop thread polls, accepts and sweeps idle connections; connection turns
 * run on it too, or on the workers. {@link #close()} may be called from any thread.
 */
public final class EchoServer implements Closeable {
    /** How long the listener rests after accept failed (EMFILE) if no connection closes first. */
    private static final long ACCEPT_PAUSE_MILLIS = 100;

    private final Poller poller;
    private final Mode mode;
    private final int bufferBytes;
    private final long idleNanos;
    private final ServerSocketChannel listener;
    private final Registration listenerRegistration;
    private final ExecutorService workers;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<Connection> idle = new ArrayList<>();
    private final Thread loop;
    private final AtomicLong idleClosed = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Accepting is paused (event-loop thread only): until this time, or until {@link #open} drops. */
    private boolean acceptPaused;
    private long acceptResumeAt;
    private int openAtPause;
    private long lastAcceptLog = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);

    private EchoServer(Poller poller, Mode mode, int bufferBytes, Duration idleTimeout, int workerThreads)
            throws IOException {
        this.poller = poller;
        this.mode = mode;
        this.bufferBytes = bufferBytes;
        this.idleNanos = idleTimeout.toNanos();
        this.listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            listenerRegistration = poller.register(listener, Interest.READ, mode, this);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        this.workers = workerThreads > 0 ? Executors.newFixedThreadPool(workerThreads) : null;
        this.loop = new Thread(this::run, "echo-loop");
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port, its connections turned on the event loop.
     *
     * @param poller the poller to use; the server owns it from now on and closes it
     * @param mode the mode of every registration (the poller must support it)
     * @param bufferBytes each connection's buffer: reading stops while this many bytes wait to be written
     * @param idleTimeout connections silent this long are closed; {@link Duration#ZERO} for never
     * @return the running server
     * @throws IOException if binding or registering the listener fails
     * @throws UnsupportedOperationException if the poller does not support {@code mode}
     */
    public static EchoServer start(Poller poller, Mode mode, int bufferBytes, Duration idleTimeout)
            throws IOException {
        return start(poller, mode, bufferBytes, idleTimeout, 0);
    }

    /**
     * Starts a server whose connection turns run on {@code workerThreads} worker threads.
     *
     * @param poller the poller to use; the server owns it from now on and closes it
     * @param mode ONESHOT or EDGE_ONESHOT when {@code workerThreads > 0}: a connection reports nothing
     *     while a worker has it, until the worker re-arms it
     * @param bufferBytes each connection's buffer
     * @param idleTimeout idle connections are closed after this; {@link Duration#ZERO} for never
     * @param workerThreads 0 to run turns on the event loop
     * @return the running server
     * @throws IOException if binding or registering the listener fails
     * @throws IllegalArgumentException if workers are asked for with a mode that is not oneshot
     */
    public static EchoServer start(Poller poller, Mode mode, int bufferBytes, Duration idleTimeout,
            int workerThreads) throws IOException {
        Objects.requireNonNull(poller, "poller");
        if (workerThreads > 0 && !mode.isOneshot()) {
            throw new IllegalArgumentException("worker threads need a oneshot mode, not " + mode
                    + ": otherwise a second event could hand the same connection to a second worker");
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be positive, was " + bufferBytes);
        }
        EchoServer server = new EchoServer(poller, mode, bufferBytes, idleTimeout, workerThreads);
        server.loop.start();
        return server;
    }

    /** @return the address the server listens on */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return connections open now */
    public int openConnections() {
        return open.get();
    }

    /** @return connections closed by the idle timeout so far */
    public long idleClosed() {
        return idleClosed.get();
    }

    /** @return what stopped the event loop, or null if it has not failed */
    public Throwable failure() {
        return failure;
    }

    /**
     * Serves until interrupted: {@code java -cp ... io.github.fdmux.examples.EchoServer [MODE [BACKEND]]}.
     *
     * @param args optionally a mode ({@code LEVEL}, {@code EDGE}, ...; else EDGE where supported, or
     *     LEVEL) and a backend ({@code EPOLL}, {@code POLL}, ...; else the automatic choice)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        Poller poller = args.length > 1 ? Pollers.open(io.github.fdmux.Backend.valueOf(args[1])) : Pollers.open();
        Mode mode = args.length > 0 ? Mode.valueOf(args[0])
                : poller.capabilities().supports(Mode.EDGE) ? Mode.EDGE : Mode.LEVEL;
        try (EchoServer server = start(poller, mode, 64 * 1024, Duration.ofSeconds(60))) {
            System.out.println("echo on " + server.address() + ", " + poller.backend() + " " + mode
                    + " (" + poller.selectionReason() + ")");
            Thread.currentThread().join();
        }
    }

    // ------------------------------------------------------------------ the event loop

    private void run() {
        ReadyEvents events = new ReadyEvents(256);              // one buffer, reused by every poll
        long timeout = idleNanos > 0 ? Math.max(1, idleNanos / 4 / 1_000_000) : Poller.FOREVER;
        try {
            while (running) {
                int n = poller.poll(events, acceptPaused ? pauseTimeout(timeout) : timeout);
                for (int i = 0; i < n; i++) {
                    Object handler = events.attachment(i);
                    if (handler == this) {
                        acceptAll();
                    } else {
                        ((Connection) handler).onReady(events.readyOps(i));
                    }
                }
                closeIdle(System.nanoTime());
                resumeAccepting(System.nanoTime());
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
    }

    private void acceptAll() throws IOException {
        while (true) {                                          // until EAGAIN: one EDGE report may stand for many
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                pauseAccepting(e);                              // e.g. EMFILE: see below
                return;
            }
            if (c == null) {
                break;                                          // EAGAIN: the accept queue is empty
            }
            adopt(c);
        }
        if (mode.isOneshot()) {
            listenerRegistration.rearm();
        }
    }

    /**
     * Out of fds (EMFILE, ENFILE): the queued connections keep the listener readable, so LEVEL (and a
     * oneshot re-arm) would report it again at once, a busy loop. Stop listening until a connection
     * closes (an fd is free) or a pause has passed; say so at most once a second.
     */
    private void pauseAccepting(IOException e) throws IOException {
        listenerRegistration.modify(Interest.NONE);
        acceptPaused = true;
        acceptResumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS);
        openAtPause = open.get();
        if (acceptResumeAt - lastAcceptLog > TimeUnit.SECONDS.toNanos(1)) {
            lastAcceptLog = acceptResumeAt;
            System.err.println("echo: accept failed (" + e.getMessage() + "); pausing accepts");
        }
    }

    /** READ again: modify() re-evaluates readiness, so connections still queued are reported, EDGE too. */
    private void resumeAccepting(long now) throws IOException {
        if (acceptPaused && (open.get() < openAtPause || now - acceptResumeAt >= 0)) {
            acceptPaused = false;
            listenerRegistration.modify(Interest.READ);
        }
    }

    private static long pauseTimeout(long timeout) {
        return timeout == Poller.FOREVER ? ACCEPT_PAUSE_MILLIS : Math.min(timeout, ACCEPT_PAUSE_MILLIS);
    }

    private void adopt(SocketChannel c) throws IOException {
        Connection conn = new Connection(c);
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);   // replies go out now, not after a delayed ACK
            conn.registration = poller.register(c, Interest.READ, mode, conn);
        } catch (IOException | RuntimeException e) {
            c.close();
            return;
        }
        connections.add(conn);
        open.incrementAndGet();
    }

    private void closeIdle(long now) {
        if (idleNanos <= 0) {
            return;
        }
        for (Connection c : connections) {
            if (now - c.lastActive > idleNanos) {
                idle.add(c);
            }
        }
        for (Connection c : idle) {
            if (c.state.closeIfArmed()) {                       // never one a worker holds
                idleClosed.incrementAndGet();
                c.close();
            }
        }
        idle.clear();
    }

    /**
     * Stops the event loop, waits for the workers, closes every connection, the listener and the
     * poller. Idempotent; any thread.
     *
     * @throws IOException if closing the poller fails (everything is closed anyway)
     */
    @Override
    public void close() throws IOException {
        running = false;
        if (poller.isOpen()) {
            poller.wakeup();                                    // the loop sees running == false
        }
        try {
            loop.join();
            if (workers != null) {
                workers.shutdown();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c : connections) {
            c.state.close();
            c.close();
        }
        listenerRegistration.cancel();
        listener.close();
        poller.close();
    }

    // ------------------------------------------------------------------ one connection

    /** One accepted socket: its buffer of bytes read and not yet written back, and its registration. */
    private final class Connection {
        final SocketChannel channel;
        final ByteBuffer pending = ByteBuffer.allocate(bufferBytes);
        /** ARMED: the poller may report it; BUSY: a worker has it; CLOSED. Hands it over between threads. */
        final Handoff state = new Handoff();
        Registration registration;
        volatile long lastActive = System.nanoTime();
        /** The kernel may hold more to read: the last read did not end in EAGAIN. */
        boolean mayRead;
        /** The peer sent FIN: write back what is pending, then close. */
        boolean eof;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** Event-loop thread: runs a turn here, or hands it to a worker (ONESHOT: one worker at a time). */
        void onReady(int readyOps) {
            if (!state.take()) {
                return;                                         // closed meanwhile
            }
            if (workers == null) {
                turn(readyOps);
            } else {
                workers.execute(() -> turn(readyOps));
            }
        }

        /** One turn: read and write until EAGAIN or backpressure, then say what to wait for next. */
        void turn(int readyOps) {
            try {
                if ((readyOps & (READABLE | READ_CLOSED | ERROR)) != 0) {
                    mayRead = true;                             // data, EOF or an error waits for a read
                }
                while (true) {
                    flush();
                    if (!mayRead || eof || pending.position() >= bufferBytes) {
                        break;                                  // backpressure: leave the rest in the kernel
                    }
                    int n = channel.read(pending);
                    if (n == 0) {
                        mayRead = false;                        // EAGAIN: drained, as EDGE requires
                        break;
                    }
                    if (n < 0) {
                        eof = true;
                        mayRead = false;
                    }
                    lastActive = System.nanoTime();
                }
                if (eof && pending.position() == 0) {
                    close();
                    return;
                }
                waitFor(Interest.of(!eof && pending.position() < bufferBytes, pending.position() > 0));
            } catch (IOException e) {
                close();                                        // reset, broken pipe, ...: nothing more to do
            }
        }

        /** Writes what is pending until it is all written or the socket's buffer is full (EAGAIN). */
        void flush() throws IOException {
            pending.flip();
            try {
                while (pending.hasRemaining() && channel.write(pending) > 0) {
                    lastActive = System.nanoTime();
                }
            } finally {
                pending.compact();
            }
        }

        /**
         * Sets the interest for the next event: READ while there is room, WRITE only while output is
         * pending. modify() also re-arms a oneshot registration; with no change, rearm() does.
         */
        void waitFor(Interest next) throws IOException {
            state.release();                                    // from here the poller may report it again
            try {
                if (next != registration.interest()) {
                    registration.modify(next);
                } else if (mode.isOneshot()) {
                    registration.rearm();
                }
            } catch (CancelledRegistrationException e) {
                // closed by the idle sweep between the hand-back and the re-arm: nothing to do
            }
        }

        /** Cancel first, then close: the kernel must not watch an fd number that may be reused. */
        void close() {
            if (!connections.remove(this)) {
                return;
            }
            state.close();
            registration.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // nothing useful to do: the fd is released anyway
            }
            open.decrementAndGet();
        }
    }
}
