package io.github.fdmux.cli.serve;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How {@link Server} runs: backend and mode, protocol, address, threads, buffers and timeouts.
 * Immutable; change one field with the {@code with...} methods.
 *
 * @param backend      the backend, or null for the automatic choice
 * @param mode         the mode of every registration (listeners and connections)
 * @param protocol     echo or HTTP
 * @param bindAddress  the address to listen on
 * @param port         the port, 0 for an ephemeral one
 * @param loops        event loops: threads, each with its own poller
 * @param workers      0 to handle I/O on the loops; else the size of a worker pool that handles each
 *                     ready connection and re-arms it (oneshot modes only)
 * @param idleTimeout  a connection silent this long is closed; zero for never
 * @param bufferSize   bytes of input and of output buffered per connection
 * @param highWater    pending output at which a connection stops reading (backpressure); it reads
 *                     again once the output has drained to half of this
 * @param listening    how several loops share the port
 * @param maxConnections open connections at most (all loops together); at the limit the listeners stop
 *                     accepting until a connection closes, leaving newcomers in the kernel's backlog
 * @param requestTimeout HTTP only: a request whose header block (and body) has not fully arrived this
 *                     long after its first byte is closed, so a client trickling a byte at a time
 *                     (slowloris) cannot hold a connection for ever; zero for never
 */
public record ServerConfig(Backend backend, Mode mode, Protocol protocol, InetAddress bindAddress, int port, int loops,
        int workers, Duration idleTimeout, int bufferSize, int highWater, Listening listening, int maxConnections,
        Duration requestTimeout) {

    /** The smallest per-connection buffer: room for the longest HTTP answer, with some to spare. */
    public static final int MIN_BUFFER = 256;
    /**
     * The default {@link #maxConnections}: far above what {@code fdmux soak} holds (10,000), and low
     * enough that a flood of idle connections (a few hundred bytes each, buffers are taken only while
     * a connection has something in them) stays within a default heap.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;

    /**
     * @param backend      the backend, or null for the automatic choice
     * @param mode         the mode
     * @param protocol     the protocol
     * @param bindAddress  the address
     * @param port         the port
     * @param loops        event loops
     * @param workers      worker threads
     * @param idleTimeout  idle timeout
     * @param bufferSize   buffer size
     * @param highWater    high-water mark
     * @param listening    listener sharing
     * @param maxConnections connection limit
     * @param requestTimeout HTTP request timeout
     */
    public ServerConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(listening, "listening");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * @return an echo server on 127.0.0.1, ephemeral port, automatic backend, LEVEL, one loop, 16 KiB
     *     buffers, {@value #DEFAULT_MAX_CONNECTIONS} connections at most, a 10 s HTTP request timeout
     */
    public static ServerConfig defaults() {
        return new ServerConfig(null, Mode.LEVEL, Protocol.ECHO, InetAddress.getLoopbackAddress(), 0, 1, 0,
                Duration.ofSeconds(60), 16384, 12288, Listening.REUSEPORT, DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(10));
    }

    /**
     * @param value the backend, or null for the automatic choice
     * @return a copy with it
     */
    public ServerConfig withBackend(Backend value) {
        return new ServerConfig(value, mode, protocol, bindAddress, port, loops, workers, idleTimeout, bufferSize,
                highWater, listening, maxConnections, requestTimeout);
    }

    /**
     * @param value the mode
     * @return a copy with it
     */
    public ServerConfig withMode(Mode value) {
        return new ServerConfig(backend, value, protocol, bindAddress, port, loops, workers, idleTimeout, bufferSize,
                highWater, listening, maxConnections, requestTimeout);
    }

    /**
     * @param value the protocol
     * @return a copy with it
     */
    public ServerConfig withProtocol(Protocol value) {
        return new ServerConfig(backend, mode, value, bindAddress, port, loops, workers, idleTimeout, bufferSize,
                highWater, listening, maxConnections, requestTimeout);
    }

    /**
     * @param address the address to listen on
     * @param value the port, 0 for an ephemeral one
     * @return a copy with them
     */
    public ServerConfig withAddress(InetAddress address, int value) {
        return new ServerConfig(backend, mode, protocol, address, value, loops, workers, idleTimeout, bufferSize,
                highWater, listening, maxConnections, requestTimeout);
    }

    /**
     * @param loopCount event loops
     * @param workerCount worker threads (0: none)
     * @param how how the loops share the port
     * @return a copy with them
     */
    public ServerConfig withThreads(int loopCount, int workerCount, Listening how) {
        return new ServerConfig(backend, mode, protocol, bindAddress, port, loopCount, workerCount, idleTimeout,
                bufferSize, highWater, how, maxConnections, requestTimeout);
    }

    /**
     * @param value the idle timeout, zero for none
     * @return a copy with it
     */
    public ServerConfig withIdleTimeout(Duration value) {
        return new ServerConfig(backend, mode, protocol, bindAddress, port, loops, workers, value, bufferSize,
                highWater, listening, maxConnections, requestTimeout);
    }

    /**
     * @param size per-connection buffer size
     * @param mark high-water mark of pending output
     * @return a copy with them
     */
    public ServerConfig withBuffers(int size, int mark) {
        return new ServerConfig(backend, mode, protocol, bindAddress, port, loops, workers, idleTimeout, size, mark,
                listening, maxConnections, requestTimeout);
    }

    /**
     * @param max open connections at most
     * @param timeout HTTP request timeout, zero for none
     * @return a copy with them
     */
    public ServerConfig withLimits(int max, Duration timeout) {
        return new ServerConfig(backend, mode, protocol, bindAddress, port, loops, workers, idleTimeout, bufferSize,
                highWater, listening, max, timeout);
    }

    /**
     * Checks the settings that do not depend on the backend.
     *
     * @throws IllegalArgumentException with a message for the user if one is out of range
     */
    public void validate() {
        require(port >= 0 && port <= 65535, "--port must be 0 to 65535, was " + port);
        require(loops >= 1 && loops <= 1024, "--loops must be 1 to 1024, was " + loops);
        require(workers >= 0 && workers <= 1024, "--workers must be 0 to 1024, was " + workers);
        require(!idleTimeout.isNegative(), "--idle-timeout must not be negative, was " + idleTimeout);
        require(bufferSize >= MIN_BUFFER && bufferSize <= (64 << 20),
                "--buffer must be " + MIN_BUFFER + " bytes to 64 MiB, was " + bufferSize);
        require(maxConnections >= 1, "--max-connections must be at least 1, was " + maxConnections);
        require(!requestTimeout.isNegative(), "--request-timeout must not be negative, was " + requestTimeout);
        require(highWater >= 1 && highWater <= bufferSize,
                "--high-water must be 1 to the buffer size (" + bufferSize + "), was " + highWater);
        require(workers == 0 || mode.isOneshot(), "--workers needs a oneshot mode (oneshot or edge-oneshot): only a"
                + " registration that is disarmed while a worker handles it keeps two threads off one fd; was "
                + mode.id());
    }

    /**
     * Checks the settings against what the chosen backend can do.
     *
     * @param caps the backend's capabilities
     * @throws IllegalArgumentException with a message for the user if the backend cannot run them
     * @throws IOException if probing SO_REUSEPORT fails
     */
    public void validate(Capabilities caps) throws IOException {
        validate();
        Backend b = caps.backend();
        require(caps.supports(mode), b + " does not support " + mode.id() + " mode; " + b + " supports: "
                + supportedModes(caps) + (mode.isEdge() ? " (edge-triggered modes need EPOLL, KQUEUE or IO_URING)" : ""));
        if (listening == Listening.EXCLUSIVE) {
            require(caps.exclusiveWakeups(), b + " has no exclusive wakeups (EPOLLEXCLUSIVE); use --listen reuseport");
        } else if (loops > 1) {
            require(reusePortSupported(), "SO_REUSEPORT is not supported here; use --loops 1"
                    + " or --listen exclusive (EPOLL)");
        }
    }

    /** @return the modes a backend supports, e.g. {@code "level, oneshot"} */
    static String supportedModes(Capabilities caps) {
        return Arrays.stream(Mode.values()).filter(caps::supports).map(Mode::id).collect(Collectors.joining(", "));
    }

    /**
     * The mode of the listener's registration: the server's mode, except that the kernel refuses
     * EPOLLEXCLUSIVE with EPOLLONESHOT, so a shared exclusive listener uses the non-oneshot
     * counterpart (accepting, unlike reading, needs no single owner: accept is thread-safe).
     *
     * @return the listener's mode
     */
    public Mode listenerMode() {
        if (listening == Listening.EXCLUSIVE && mode.isOneshot()) {
            return mode.isEdge() ? Mode.EDGE : Mode.LEVEL;
        }
        return mode;
    }

    /** @return where output stops being high: reading resumes at or below this */
    int lowWater() {
        return highWater / 2;
    }

    private static boolean reusePortSupported() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
