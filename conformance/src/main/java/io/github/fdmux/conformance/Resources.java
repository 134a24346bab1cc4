package io.github.fdmux.conformance;

import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The resource tracker of every test that opens channels or raw fds: the conformance catalogue's
 * {@link Fixture} and the reliability tests. Everything made here is closed by {@link #close()}
 * (channels in reverse order, then raw fds), so a leak check afterwards sees only what fdmux itself
 * might have leaked. Out of fds, the JDK's bare "Too many open files" is replaced by a
 * {@link io.github.fdmux.NativeCallException} naming the call and the errno ({@link FdExhaustion}).
 *
 * <p>Not thread-safe.
 */
public class Resources implements AutoCloseable {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final Set<Integer> rawFds = new LinkedHashSet<>();
    private ServerSocketChannel tcpListener;
    private ServerSocketChannel unixListener;

    /** Two connected stream sockets, both non-blocking. */
    public static final class Pair {
        /** The connecting side (the one a test drives). */
        public final SocketChannel client;
        /** The accepted side (the one a test registers). */
        public final SocketChannel server;

        Pair(SocketChannel client, SocketChannel server) {
            this.client = client;
            this.server = server;
        }
    }

    /**
     * @param resource something to close at the end (closed in reverse order)
     * @param <T> its type
     * @return the resource
     */
    public <T extends AutoCloseable> T track(T resource) {
        open.push(resource);
        return resource;
    }

    /**
     * @return a loopback listener, non-blocking, closed at the end
     * @throws IOException on failure
     */
    public ServerSocketChannel listener() throws IOException {
        ServerSocketChannel l = track(FdExhaustion.call("socket() in ServerSocketChannel.open",
                ServerSocketChannel::open));
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        l.configureBlocking(false);
        return l;
    }

    /**
     * @return a connected loopback TCP pair, both non-blocking with TCP_NODELAY, closed at the end
     * @throws IOException on failure
     */
    public Pair tcpPair() throws IOException {
        if (tcpListener == null) {
            tcpListener = listener();
            tcpListener.configureBlocking(true);
        }
        ServerSocketChannel l = tcpListener;
        SocketChannel c = track(FdExhaustion.call("socket() in SocketChannel.open",
                () -> SocketChannel.open(l.getLocalAddress())));
        SocketChannel s = track(FdExhaustion.call("accept() in ServerSocketChannel.accept", l::accept));
        for (SocketChannel ch : new SocketChannel[] {c, s}) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
        }
        return new Pair(c, s);
    }

    /**
     * @return a connected AF_UNIX stream pair as JDK channels, both non-blocking (readiness changes
     *     synchronously with the peer's calls, unlike loopback TCP), closed at the end
     * @throws IOException on failure
     */
    public Pair unixPair() throws IOException {
        if (unixListener == null) {
            Path dir = Files.createTempDirectory("fdmux-res");
            Path path = dir.resolve("s");
            track(() -> {
                Files.deleteIfExists(path);
                Files.deleteIfExists(dir);
            });
            unixListener = track(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
            unixListener.bind(UnixDomainSocketAddress.of(path), 64);
        }
        SocketChannel c = track(SocketChannel.open(unixListener.getLocalAddress()));
        SocketChannel s = track(unixListener.accept());
        c.configureBlocking(false);
        s.configureBlocking(false);
        return new Pair(c, s);
    }

    /**
     * @return a JDK pipe with both ends non-blocking, closed at the end
     * @throws IOException on failure; out of fds, a {@link io.github.fdmux.NativeCallException}
     *     naming {@code pipe()} and EMFILE or ENFILE
     */
    public Pipe pipe() throws IOException {
        Pipe p = FdExhaustion.call("pipe() in Pipe.open", Pipe::open);
        track(p.sink());
        track(p.source());
        p.sink().configureBlocking(false);
        p.source().configureBlocking(false);
        return p;
    }

    /**
     * @return a non-blocking UDP channel bound to loopback, closed at the end
     * @throws IOException on failure
     */
    public DatagramChannel datagram() throws IOException {
        DatagramChannel d = track(FdExhaustion.call("socket() in DatagramChannel.open", DatagramChannel::open));
        d.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        d.configureBlocking(false);
        return d;
    }

    /**
     * @return an AF_UNIX socket pair of raw non-blocking fds, closed at the end unless
     *     {@link #closeRaw(int)} closed them first
     * @throws IOException on failure
     */
    public int[] rawSocketPair() throws IOException {
        int[] fds = Fds.nonBlockingSocketPair();
        rawFds.add(fds[0]);
        rawFds.add(fds[1]);
        return fds;
    }

    /**
     * @param fd a raw fd to track (closed at the end unless closed before)
     * @return the fd
     */
    public int trackRaw(int fd) {
        rawFds.add(fd);
        return fd;
    }

    /**
     * Closes a raw fd now (and stops tracking it, so a reused number is never closed by mistake).
     *
     * @param fd the fd
     * @throws IOException if close fails
     */
    public void closeRaw(int fd) throws IOException {
        rawFds.remove(fd);
        Native.close(fd);
    }

    /**
     * @param fd a raw fd
     * @return a dup of it, tracked
     * @throws IOException if dup fails
     */
    public int dup(int fd) throws IOException {
        int d = Native.libc().dup(fd);
        if (d < 0) {
            throw Native.exception("dup", fd, Native.errno());
        }
        return trackRaw(d);
    }

    /**
     * Moves a raw fd to a number well above the lowest free one ({@link Fds#moveAboveLowestFree}),
     * for checks that close a registered fd and then poll: a just-closed low number can be taken by
     * another thread of this JVM before the next poll, and poll(2) polls numbers.
     *
     * @param fd a tracked raw fd
     * @return the new number, tracked
     * @throws IOException if dup, fcntl or close fails
     */
    public int moveAboveLowestFree(int fd) throws IOException {
        int high = Fds.moveAboveLowestFree(fd);
        rawFds.remove(fd);
        rawFds.add(high);
        return high;
    }

    /**
     * @param path a path
     * @return a raw read-only non-blocking fd on it, closed at the end
     * @throws IOException on failure
     */
    public int openRaw(String path) throws IOException {
        int fd = Native.posix().open(path, jnr.constants.platform.OpenFlags.O_RDONLY.intValue()
                | jnr.constants.platform.OpenFlags.O_NONBLOCK.intValue(), 0);
        if (fd < 0) {
            throw Native.exception("open(" + path + ")", -1, Native.posix().errno());
        }
        return trackRaw(fd);
    }

    /**
     * @return a regular file opened for reading, as a raw fd; file and fd are gone at the end
     * @throws IOException on failure
     */
    public int regularFileFd() throws IOException {
        Path f = Files.createTempFile("fdmux-res", ".txt");
        Files.writeString(f, "x");
        track(() -> Files.deleteIfExists(f));
        return openRaw(f.toString());
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
     * Closes everything, channels in reverse order and then raw fds, whatever fails.
     *
     * @throws IOException the first failure, the others suppressed
     */
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
        for (int fd : rawFds) {
            Fds.closeQuietly(fd);
        }
        rawFds.clear();
        tcpListener = null;
        unixListener = null;
        if (first != null) {
            throw first;
        }
    }
}
