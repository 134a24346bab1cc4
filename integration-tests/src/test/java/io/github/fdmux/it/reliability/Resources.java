package io.github.fdmux.it.reliability;

import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Channels and raw fds for a test, all closed by {@link #close()} (in reverse order), so a leak
 * check afterwards sees only what fdmux itself might have leaked. Not thread-safe.
 */
public final class Resources implements AutoCloseable {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private ServerSocketChannel tcpListener;
    private ServerSocketChannel unixListener;
    private Path unixDir;

    /** Two connected ends; {@code local} is the one registered, {@code peer} the one driven. */
    public record Pair(SocketChannel local, SocketChannel peer) {
    }

    /**
     * @param resource something to close at the end
     * @param <T> its type
     * @return the resource
     */
    public <T extends AutoCloseable> T track(T resource) {
        open.push(resource);
        return resource;
    }

    /**
     * @return a connected loopback TCP pair, both non-blocking, TCP_NODELAY
     * @throws IOException on failure
     */
    public Pair tcpPair() throws IOException {
        if (tcpListener == null) {
            tcpListener = track(ServerSocketChannel.open());
            tcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        }
        SocketChannel peer = track(SocketChannel.open(tcpListener.getLocalAddress()));
        SocketChannel local = track(tcpListener.accept());
        for (SocketChannel ch : new SocketChannel[] {local, peer}) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
        }
        return new Pair(local, peer);
    }

    /**
     * @return a connected AF_UNIX stream pair as JDK channels, both non-blocking (readiness changes
     *     synchronously with the peer's calls, unlike loopback TCP)
     * @throws IOException on failure
     */
    public Pair unixPair() throws IOException {
        if (unixListener == null) {
            unixDir = Files.createTempDirectory("fdmux-rel");
            Path path = unixDir.resolve("s");
            unixListener = track(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
            unixListener.bind(UnixDomainSocketAddress.of(path), 64);
            track(() -> {
                Files.deleteIfExists(path);
                Files.deleteIfExists(unixDir);
            });
        }
        SocketChannel peer = track(SocketChannel.open(unixListener.getLocalAddress()));
        SocketChannel local = track(unixListener.accept());
        local.configureBlocking(false);
        peer.configureBlocking(false);
        return new Pair(local, peer);
    }

    /**
     * @return a JDK pipe, both ends non-blocking
     * @throws IOException on failure
     */
    public Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        track(p.sink());
        track(p.source());
        p.sink().configureBlocking(false);
        p.source().configureBlocking(false);
        return p;
    }

    /**
     * @return a loopback listener, non-blocking
     * @throws IOException on failure
     */
    public ServerSocketChannel listener() throws IOException {
        ServerSocketChannel l = track(ServerSocketChannel.open());
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        l.configureBlocking(false);
        return l;
    }

    /**
     * @return a raw non-blocking AF_UNIX socket pair
     * @throws IOException on failure
     */
    public int[] rawSocketPair() throws IOException {
        int[] fds = Fds.nonBlockingSocketPair();
        track(() -> Fds.closeQuietly(fds[0]));
        track(() -> Fds.closeQuietly(fds[1]));
        return fds;
    }

    /**
     * @return the number of an fd that was open a moment ago and is closed now
     * @throws IOException on failure
     */
    public static int closedFdNumber() throws IOException {
        int[] fds = Fds.nonBlockingPipe();
        Native.close(fds[0]);
        Native.close(fds[1]);
        return fds[1];
    }

    /**
     * @return a regular file opened for reading, as a raw fd
     * @throws IOException on failure
     */
    public int regularFileFd() throws IOException {
        Path f = Files.createTempFile("fdmux-rel", ".txt");
        Files.writeString(f, "x");
        track(() -> Files.deleteIfExists(f));
        return openRaw(f.toString());
    }

    /**
     * A copy of {@code fd} under a chosen number (dup2), raising the soft RLIMIT_NOFILE first; the
     * calling test is skipped, saying so, where the hard limit does not reach that number.
     *
     * @param number the fd number wanted (free now)
     * @param fd an open fd
     * @return {@code number}, closed at the end
     * @throws IOException if dup2 fails
     */
    public int rawAt(int number, int fd) throws IOException {
        long soft = io.github.fdmux.unix.ResourceLimits.raiseNoFile(number + 8L);
        org.junit.jupiter.api.Assumptions.assumeTrue(soft < 0 || soft > number, () -> "RLIMIT_NOFILE " + soft
                + " (its hard limit here) does not reach fd " + number);
        if (Native.libc().dup2(fd, number) < 0) {
            throw Native.exception("dup2", fd, Native.errno());
        }
        track(() -> Fds.closeQuietly(number));
        return number;
    }

    /**
     * @param path a path
     * @return a raw read-only fd on it, closed at the end
     * @throws IOException on failure
     */
    public int openRaw(String path) throws IOException {
        int fd = Native.posix().open(path, jnr.constants.platform.OpenFlags.O_RDONLY.intValue()
                | jnr.constants.platform.OpenFlags.O_NONBLOCK.intValue(), 0);
        if (fd < 0) {
            throw Native.exception("open(" + path + ")", -1, Native.posix().errno());
        }
        track(() -> Fds.closeQuietly(fd));
        return fd;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof IOException ? (IOException) e : new IOException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
