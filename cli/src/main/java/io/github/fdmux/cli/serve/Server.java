package io.github.fdmux.cli.serve;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import io.github.fdmux.PollerStats;
import io.github.fdmux.Pollers;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The echo / HTTP server behind {@code fdmux serve} and {@code fdmux compare}: event loops (one
 * thread and one poller each), their listeners, and an optional worker pool.
 *
 * <p>Thread-safe. {@link #close()} stops everything and closes every fd it opened: connections,
 * listeners, pollers. {@link #stopOnSignals} makes signals (SIGINT, SIGTERM) close it the same way.
 */
public final class Server implements AutoCloseable {
    private static final long JOIN_MILLIS = 5_000;

    private final ServerConfig config;
    private final Counters counters = new Counters();
    /** Bytes the event loops' buffer pools may still allocate (see {@link BufferPool}). */
    final java.util.concurrent.atomic.AtomicLong bufferBudget = BufferPool.defaultBudget();
    private final List<Poller> pollers;
    private final List<ServerSocketChannel> listeners;
    private final List<EventLoop> loops = new ArrayList<>();
    private final WorkerPool workers;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final int port;
    private boolean closed;
    /** Set by the first stop request (a signal, a failure, {@link #close()}); later ones only log. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Consumer<String> signalLog = System.err::println;
    private volatile String summary;
    private volatile Throwable failure;

    private Server(ServerConfig config, List<Poller> pollers, List<ServerSocketChannel> listeners) throws IOException {
        this.config = config;
        this.pollers = pollers;
        this.listeners = listeners;
        this.port = ((InetSocketAddress) listeners.get(0).getLocalAddress()).getPort();
        this.workers = config.workers() > 0 ? new WorkerPool(config.workers()) : null;
        for (int i = 0; i < config.loops(); i++) {
            EventLoop loop = new EventLoop(this, i, pollers.get(i), config, counters, workers);
            if (config.listening() == Listening.EXCLUSIVE) {
                loop.listen(listeners.get(0), RegisterOption.EXCLUSIVE);
            } else {
                loop.listen(listeners.get(i));
            }
            loop.scheduleSweeps();
            loops.add(loop);
        }
    }

    /**
     * Opens the pollers, checks the configuration against the backend, binds and starts serving.
     *
     * @param config the configuration
     * @return the running server
     * @throws IllegalArgumentException if the configuration is invalid, or the backend cannot run it (the
     *     message says why)
     * @throws IOException if a poller or listener cannot be opened (then nothing is left open)
     */
    public static Server start(ServerConfig config) throws IOException {
        config.validate();
        List<Poller> pollers = new ArrayList<>();
        List<ServerSocketChannel> listeners = new ArrayList<>();
        try {
            Poller first = config.backend() == null ? Pollers.open() : Pollers.open(config.backend());
            pollers.add(first);
            config.validate(first.capabilities());
            for (int i = 1; i < config.loops(); i++) {
                pollers.add(Pollers.open(first.backend()));
            }
            bind(config, listeners);
            Server server = new Server(config, pollers, listeners);
            server.startThreads();
            return server;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(listeners, e);
            closeQuietly(pollers, e);
            throw e;
        }
    }

    private static void bind(ServerConfig config, List<ServerSocketChannel> listeners) throws IOException {
        int count = config.listening() == Listening.EXCLUSIVE ? 1 : config.loops();
        int port = config.port();
        for (int i = 0; i < count; i++) {
            ServerSocketChannel l = ServerSocketChannel.open();
            listeners.add(l);
            l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (count > 1) {
                l.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            InetSocketAddress address = new InetSocketAddress(config.bindAddress(), port);
            try {
                l.bind(address, 1024);
            } catch (BindException e) { // the JDK's message ("Address already in use") names no address
                BindException named = new BindException(e.getMessage() + ": " + address.getHostString() + ":" + port);
                named.initCause(e);
                throw named;
            }
            l.configureBlocking(false);
            port = ((InetSocketAddress) l.getLocalAddress()).getPort(); // the rest share the first's port
        }
    }

    private void startThreads() {
        if (workers != null) {
            workers.start();
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /** @return the configuration */
    public ServerConfig config() {
        return config;
    }

    /** @return the backend serving */
    public Backend backend() {
        return pollers.get(0).backend();
    }

    /** @return its capabilities */
    public Capabilities capabilities() {
        return pollers.get(0).capabilities();
    }

    /** @return why that backend was chosen */
    public String selectionReason() {
        return pollers.get(0).selectionReason();
    }

    /** @return the port listened on */
    public int port() {
        return port;
    }

    /** @return the address listened on */
    public InetSocketAddress address() {
        return new InetSocketAddress(config.bindAddress(), port);
    }

    /** @return the ids of the threads doing the server's work (event loops and workers), for CPU and allocation accounting */
    public long[] threadIds() {
        long[] w = workers == null ? new long[0] : workers.threadIds();
        long[] ids = new long[loops.size() + w.length];
        for (int i = 0; i < loops.size(); i++) {
            ids[i] = loops.get(i).threadId();
        }
        System.arraycopy(w, 0, ids, loops.size(), w.length);
        return ids;
    }

    /** @return a snapshot of the counters */
    public ServerStats stats() {
        PollerStats p = PollerStats.ZERO;
        for (Poller poller : pollers) {
            p = p.plus(poller.stats());
        }
        long accepted = counters.accepted.get();
        long closedCount = counters.closed.get();
        return new ServerStats(p, accepted, accepted - closedCount, closedCount, counters.idleClosed.get(),
                counters.readPauses.get(), counters.readResumes.get(), counters.errors.get());
    }

    /** @return per event loop, how many connections it accepted (how the kernel spread them) */
    public long[] acceptedPerLoop() {
        long[] a = new long[loops.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = loops.get(i).accepted();
        }
        return a;
    }

    /** @return what failed if an event loop died, else null */
    public Throwable failure() {
        return failure;
    }

    void loopFailed(EventLoop loop, Throwable t) {
        failure = t;
        System.err.println("fdmux serve: event loop " + loop.index + " failed: " + t);
        stopping.set(true);
        closeInBackground();
    }

    /**
     * Stops the server when one of these signals arrives, as {@link #close()} does, instead of the
     * signal's previous effect (for INT and TERM, the JVM's shutdown, exiting with 130 or 143).
     *
     * <p>Only the first event loop's poller registers them. Every registration of a signal, in every
     * poller, reports every delivery: one in each loop's poller would wake every loop for one signal,
     * to do what one of them can. The loop that sees it must not close the server itself (closing
     * joins the loops, that one included): it hands {@link #close()} to a thread of its own. The
     * registrations live until that poller closes, the last step of {@link #close()}, so a second
     * signal while the server stops is logged and changes nothing; the signals' previous effect is
     * back once everything is closed.
     *
     * @param log where to say that a signal arrived (called in an event loop thread)
     * @param names signal names, e.g. {@code "INT", "TERM"}
     * @throws IllegalArgumentException if a name is unknown or the JVM refuses to let it be handled
     *     (e.g. INT and TERM under {@code -Xrs}); then none of them is registered
     * @throws IOException if a registration fails
     */
    public void stopOnSignals(Consumer<String> log, String... names) throws IOException {
        this.signalLog = Objects.requireNonNull(log, "log");
        Poller first = pollers.get(0);
        List<Registration> done = new ArrayList<>();
        try {
            for (String name : names) {
                done.add(first.registerSignal(name, new StopSignal(this, name)));
            }
        } catch (IOException | RuntimeException e) {
            for (Registration r : done) {
                r.cancel();
            }
            throw e;
        }
    }

    /** A stop signal arrived (in the first event loop's thread). */
    void signalled(String name) {
        if (stopping.compareAndSet(false, true)) {
            signalLog.accept("fdmux serve: SIG" + name + " received: stopping (no new connections; closing"
                    + " connections, listeners, pollers)");
            closeInBackground();
        } else {
            signalLog.accept("fdmux serve: SIG" + name + " received while stopping: already stopping");
        }
    }

    /** Closes in a thread of its own: the caller may be an event loop, which {@link #close()} joins. */
    private void closeInBackground() {
        Thread closer = new Thread(this::close, "fdmux-serve-close");
        closer.setDaemon(true);
        closer.start();
    }

    /**
     * Waits until the server is closed (by {@link #close()}, a stop signal, a shutdown hook or a failure).
     *
     * @param timeout how long to wait, negative for ever
     * @param unit its unit
     * @return true if closed
     * @throws InterruptedException if interrupted
     */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        if (timeout < 0) {
            closedLatch.await();
            return true;
        }
        return closedLatch.await(timeout, unit);
    }

    /** @return after {@link #close()}: what was closed, e.g. {@code "closed 3 connections, 1 listener, 1 poller"} */
    public String summary() {
        return summary;
    }

    /**
     * Stops the loops (so nothing is accepted any more), cancels the listeners' registrations and
     * closes the listeners, stops the workers, closes every connection, then the pollers (with them
     * the sweep timers and the signal registrations, which keep a second signal harmless until then).
     * Idempotent; returns when everything is closed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping.set(true);
        boolean clean = true;
        try {
            for (EventLoop loop : loops) {
                loop.stop();
            }
            for (EventLoop loop : loops) {
                clean &= loop.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        for (EventLoop loop : loops) {
            loop.stopAccepting();
        }
        Exception first = closeQuietly(listeners, null);
        try {
            if (workers != null) {
                clean &= workers.stop(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        int connections = 0;
        for (EventLoop loop : loops) {
            connections += loop.closeConnections();
        }
        for (EventLoop loop : loops) {
            loop.closePoller();
        }
        summary = "closed " + plural(connections, "connection") + ", " + plural(listeners.size(), "listener") + ", "
                + plural(pollers.size(), "poller") + (clean ? "" : " (a thread did not stop in time)")
                + (first == null ? "" : " (closing a listener failed: " + first.getMessage() + ")");
        closedLatch.countDown();
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static Exception closeQuietly(List<? extends AutoCloseable> all, Throwable into) {
        Exception first = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (into != null) {
                    into.addSuppressed(e);
                }
                if (first == null) {
                    first = e;
                }
            }
        }
        return first;
    }
}
