package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.serve.Listening;
import io.github.fdmux.cli.serve.Protocol;
import io.github.fdmux.cli.serve.Server;
import io.github.fdmux.cli.serve.ServerConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fdmux serve}: an echo or HTTP server on any backend and mode, until SIGINT or SIGTERM, which
 * it receives as signal registrations: it closes everything and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an echo server, or with --http a minimal HTTP/1.1 keep-alive server answering every"
                + " request with 200 \"hello\", on the chosen backend and mode, until SIGINT or SIGTERM (then it closes everything and exits 0).",
            "Non-blocking reactor: under edge modes reads go until drained (EAGAIN or a short read) and writes to"
                + " EAGAIN; WRITE interest only while output is pending; a connection whose pending output reaches"
                + " --high-water stops reading until it drains."})
final class ServeCommand extends Subcommand {
    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = Converters.BackendConverter.class,
            description = "epoll, kqueue, poll, nio, select, io_uring or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "level", converter = Converters.ModeConverter.class,
            description = "level, edge, oneshot or edge-oneshot (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--http", description = "Speak HTTP/1.1 (keep-alive, 200 \"hello\") instead of echo.")
    boolean http;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port; 0 picks a free one and prints it (default: 0).")
    int port;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "1",
            description = "Event loops: N threads, each with its own poller (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--listen", paramLabel = "HOW", defaultValue = "reuseport",
            description = "With several loops: reuseport (a listener per loop, SO_REUSEPORT) or exclusive (one"
                    + " listener in every loop's poller with EPOLLEXCLUSIVE; EPOLL only) (default: ${DEFAULT-VALUE}).")
    Listening listen;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Worker threads doing the I/O of ready connections, re-arming each after its turn;"
                    + " needs --mode oneshot or edge-oneshot (default: 0, the loops do the I/O).")
    int workers;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = Converters.DurationConverter.class,
            description = "Close a connection silent this long, e.g. 500ms, 30s, 2m; 0 never (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "With --http: close a connection whose request has been arriving this long without being"
                    + " complete (a client trickling bytes, slowloris); 0 never (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "100000",
            description = "Open connections at most; at the limit the server stops accepting (newcomers wait in the"
                    + " kernel's backlog) until one closes (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--buffer", paramLabel = "BYTES", defaultValue = "16384",
            description = "Input and output buffer per connection, taken only while it has data in flight"
                    + " (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--high-water", paramLabel = "BYTES",
            description = "Pending output at which a connection stops reading; it resumes at half (default: 3/4"
                    + " of --buffer).")
    Integer highWater;

    @Override
    int run(PrintWriter out) throws Exception {
        ServerConfig config = config();
        checkInstalled(backend);
        raiseNoFile();
        Server server = Server.start(config);
        // Before saying where it listens: whoever waits for that line may signal at once.
        String signals = stopOnSignals(server, out);
        printStart(out, server);
        if (signals != null) {
            out.println(signals);
            out.flush();
        }

        // Anything else that ends the JVM (SIGHUP, ...) still closes everything first.
        Thread hook = new Thread(() -> {
            server.close();
            out.println("fdmux serve: stopped: " + server.summary());
            out.println(totals(server));
            out.flush();
        }, "fdmux-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitClosed(-1, java.util.concurrent.TimeUnit.SECONDS);
        boolean shuttingDown;
        try {
            shuttingDown = !Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            shuttingDown = true; // the JVM is shutting down (a signal left to it): the hook prints the summary
        }
        if (!shuttingDown) {
            out.println("fdmux serve: stopped: " + server.summary());
            out.println(totals(server));
            out.flush();
        }
        return server.failure() == null ? 0 : 1;
    }

    /**
     * SIGINT and SIGTERM stop the server through a signal registration, so that it closes
     * everything and exits 0; where the JVM refuses (e.g. {@code -Xrs}) they keep the JVM's effect,
     * a shutdown (exit 130 or 143) whose hook closes the server.
     *
     * @return a note to print if the signals could not be registered, else null
     */
    private static String stopOnSignals(Server server, PrintWriter out) throws java.io.IOException {
        try {
            server.stopOnSignals(line -> {
                out.println(line);
                out.flush();
            }, "INT", "TERM");
            return null;
        } catch (IllegalArgumentException e) {
            return "fdmux serve: SIGINT and SIGTERM end the JVM (" + e.getMessage() + "); its shutdown closes the server";
        }
    }

    /** What the server did in its life, for the operator and for {@code fdmux soak}. */
    static String totals(Server server) {
        io.github.fdmux.cli.serve.ServerStats s = server.stats();
        return "fdmux serve: totals: accepted " + s.accepted() + ", closed " + s.closed() + ", idle-closed "
                + s.idleClosed() + ", errors " + s.errors();
    }

    /**
     * A server holds one fd per connection: take the soft RLIMIT_NOFILE up to the hard limit (at most
     * 1,048,576), as the Go runtime and many servers do, so a default soft limit of 1024 does not cap it.
     */
    private static void raiseNoFile() {
        try {
            long hard = io.github.fdmux.unix.ResourceLimits.noFile()[1];
            io.github.fdmux.unix.ResourceLimits.raiseNoFile(hard < 0 ? 1 << 20 : Math.min(hard, 1 << 20));
        } catch (java.io.IOException | RuntimeException e) {
            System.getLogger("io.github.fdmux").log(System.Logger.Level.DEBUG, "could not raise RLIMIT_NOFILE", e);
        }
    }

    ServerConfig config() {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address " + bind);
        }
        int mark = highWater != null ? highWater : buffer / 4 * 3;
        ServerConfig c = ServerConfig.defaults().withBackend(backend).withMode(mode)
                .withProtocol(http ? Protocol.HTTP : Protocol.ECHO).withAddress(address, port)
                .withThreads(loops, workers, listen).withIdleTimeout(idleTimeout).withBuffers(buffer, mark)
                .withLimits(maxConnections, requestTimeout);
        c.validate();
        return c;
    }

    /** A named backend that is missing or cannot run here is a usage error, said before anything opens. */
    static void checkInstalled(Backend backend) {
        if (backend == null) {
            return;
        }
        for (BackendStatus s : Pollers.statuses()) {
            if (s.backend() == backend && !s.available()) {
                throw new IllegalArgumentException(backend + " cannot be used here: " + s.reason());
            }
        }
    }

    private static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    private void printStart(PrintWriter out, Server server) {
        ServerConfig c = server.config();
        out.printf("fdmux serve: %s on %s, mode %s (%s), %d event loop%s%s, %s, idle timeout %s, buffers %d B"
                        + " (high-water %d B)%n",
                c.protocol() == Protocol.HTTP ? "HTTP/1.1" : "echo", server.backend(), c.mode().id(),
                server.capabilities().support(c.mode()).name().toLowerCase(Locale.ROOT), c.loops(),
                c.loops() == 1 ? "" : "s", c.loops() > 1 ? " (" + c.listening().name().toLowerCase(Locale.ROOT)
                        + " listener" + (c.listening() == Listening.REUSEPORT ? "s" : "") + ")" : "",
                c.workers() == 0 ? "I/O on the loops" : c.workers() + " workers re-arming after each turn",
                c.idleTimeout().isZero() ? "none" : seconds(c.idleTimeout()), c.bufferSize(), c.highWater());
        out.printf("Why %s: %s%n", server.backend(), server.selectionReason());
        InfoCommand.printCapabilities(out, server.capabilities());
        out.printf("listening on %s:%d%n", c.bindAddress().getHostAddress(), server.port());
        out.flush();
    }
}
