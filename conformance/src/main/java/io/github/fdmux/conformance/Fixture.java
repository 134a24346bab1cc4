package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a behaviour runs with: a fresh poller of the target backend, and helpers to make socket
 * pairs, pipes and raw fds that are all closed when the behaviour ends (so the fd-leak check sees
 * only what fdmux itself might leak).
 *
 * <p>Not thread-safe, except {@link #poller()} which is a {@link Poller}.
 */
public final class Fixture implements AutoCloseable {
    /** How long a check waits for an event that must come. */
    public static final long EVENT_MILLIS = 2_000;
    /** How long a check waits to be sure an event does not come. */
    public static final long QUIET_MILLIS = 100;

    private final Target target;
    private final Poller poller;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Set<Integer> rawFds = new LinkedHashSet<>();
    private final ReadyEvents events = new ReadyEvents(256);
    private ServerSocketChannel listener;

    Fixture(Target target) throws IOException {
        FdExhaustion.load();
        this.target = target;
        this.poller = Pollers.open(target.backend());
    }

    /** @return the target */
    public Target target() {
        return target;
    }

    /** @return the backend */
    public Backend backend() {
        return target.backend();
    }

    /** @return the mode registrations are made with */
    public Mode mode() {
        return target.mode();
    }

    /** @return the poller under test */
    public Poller poller() {
        return poller;
    }

    /** @return its capabilities */
    public Capabilities caps() {
        return poller.capabilities();
    }

    /** @return true if the backend takes raw fds */
    public boolean rawFds() {
        return poller.capabilities().rawFds();
    }

    /**
     * @return another poller of the same backend, closed at the end
     * @throws IOException if it cannot be opened
     */
    public Poller anotherPoller() throws IOException {
        return track(Pollers.open(target.backend()));
    }

    /**
     * @param resource something to close at the end (closed in reverse order)
     * @param <T> its type
     * @return the resource
     */
    public <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    // ------------------------------------------------------------------ channels

    /** A connected TCP pair on loopback, both ends non-blocking with TCP_NODELAY. */
    public static final class TcpPair {
        /** The connecting side. */
        public final SocketChannel client;
        /** The accepted side. */
        public final SocketChannel server;

        TcpPair(SocketChannel client, SocketChannel server) {
            this.client = client;
            this.server = server;
        }
    }

    /**
     * @return a loopback listener, non-blocking, closed at the end
     * @throws IOException on failure
     */
    public ServerSocketChannel listener() throws IOException {
        ServerSocketChannel l;
        try {
            l = track(ServerSocketChannel.open());
        } catch (IOException e) {
            throw FdExhaustion.explain("socket() in ServerSocketChannel.open", e);
        }
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        l.configureBlocking(false);
        return l;
    }

    private ServerSocketChannel sharedListener() throws IOException {
        if (listener == null) {
            listener = listener();
            listener.configureBlocking(true);
        }
        return listener;
    }

    /**
     * @return a connected TCP pair, closed at the end
     * @throws IOException on failure
     */
    public TcpPair tcpPair() throws IOException {
        ServerSocketChannel l = sharedListener();
        SocketChannel c;
        try {
            c = track(SocketChannel.open(l.getLocalAddress()));
        } catch (IOException e) {
            throw FdExhaustion.explain("socket() in SocketChannel.open", e);
        }
        SocketChannel s;
        try {
            s = track(l.accept());
        } catch (IOException e) {
            throw FdExhaustion.explain("accept() in ServerSocketChannel.accept", e);
        }
        for (SocketChannel ch : new SocketChannel[] {c, s}) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
        }
        return new TcpPair(c, s);
    }

    /**
     * @return a JDK pipe with both ends non-blocking, closed at the end
     * @throws IOException on failure; out of fds, a {@link io.github.fdmux.NativeCallException}
     *     naming {@code pipe()} and EMFILE or ENFILE
     */
    public Pipe pipe() throws IOException {
        Pipe p;
        try {
            p = Pipe.open();
        } catch (IOException e) {
            throw FdExhaustion.explain("pipe() in Pipe.open", e);
        }
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
        DatagramChannel d;
        try {
            d = track(DatagramChannel.open());
        } catch (IOException e) {
            throw FdExhaustion.explain("socket() in DatagramChannel.open", e);
        }
        d.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        d.configureBlocking(false);
        return d;
    }

    // ------------------------------------------------------------------ raw fds (native backends)

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
     * Moves a raw fd to a number well above the lowest free one (and closes the old number), for
     * behaviours that close a registered fd and then poll. The kernel gives every new fd the lowest
     * free number, and other threads of this JVM open files at any time (a class loader reading a
     * class file or a jar): a just-closed low number can be taken before the next poll. poll(2)
     * polls numbers, so it would then report that stranger's file under the closed registration.
     * A number 256 above the lowest free one is out of their reach.
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
     * @param fd a raw fd
     * @return a dup of it, tracked
     * @throws IOException if dup fails
     */
    public int dup(int fd) throws IOException {
        int d = Native.libc().dup(fd);
        if (d < 0) {
            throw Native.exception("dup", fd, Native.errno());
        }
        rawFds.add(d);
        return d;
    }

    /**
     * Writes {@code n} bytes to a raw fd.
     *
     * @param fd the fd
     * @param n bytes
     * @throws IOException if the write fails or is short
     */
    public static void rawWrite(int fd, int n) throws IOException {
        Fds.writeBytes(fd, n);
    }

    /**
     * Reads a raw fd until EAGAIN or EOF.
     *
     * @param fd the fd
     * @return bytes read
     * @throws IOException if a read fails
     */
    public static long rawDrain(int fd) throws IOException {
        return Fds.drain(fd);
    }

    // ------------------------------------------------------------------ I/O helpers

    /**
     * Writes {@code n} bytes, all of them (the channel may be non-blocking; small writes fit).
     *
     * @param ch the channel
     * @param n bytes
     * @throws IOException on failure or if the buffer is full
     */
    public static void write(WritableByteChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.write(b) == 0) {
                throw new IOException("send buffer full after " + b.position() + " of " + n + " bytes");
            }
        }
    }

    /**
     * Reads until the channel would block or reaches end of stream.
     *
     * @param ch a non-blocking channel
     * @return bytes read, or -1 if end of stream came first
     * @throws IOException on failure
     */
    public static long drain(ReadableByteChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(65536);
        long total = 0;
        while (true) {
            b.clear();
            int r = ch.read(b);
            if (r > 0) {
                total += r;
            } else if (r == 0) {
                return total;
            } else {
                return total == 0 ? -1 : total;
            }
        }
    }

    /**
     * Writes until the send buffer is full (write returns 0).
     *
     * @param ch a non-blocking socket
     * @return bytes written
     * @throws IOException on failure
     */
    public static long fillSendBuffer(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(65536);
        long total = 0;
        int zeros = 0;
        // Loopback moves data to the peer's receive queue during the write; a couple of zero
        // writes in a row mean both queues are full.
        while (zeros < 3) {
            b.clear();
            int w = ch.write(b);
            if (w == 0) {
                zeros++;
                sleep(5);
            } else {
                zeros = 0;
                total += w;
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ registration and polling

    /**
     * Registers a channel in the target's mode.
     *
     * @param ch the channel
     * @param interest the interest
     * @return the registration
     * @throws IOException on failure
     */
    public Registration register(SelectableChannel ch, Interest interest) throws IOException {
        return poller.register(ch, interest, target.mode(), null);
    }

    /**
     * Registers a raw fd in the target's mode.
     *
     * @param fd the fd
     * @param interest the interest
     * @return the registration
     * @throws IOException on failure
     */
    public Registration register(int fd, Interest interest) throws IOException {
        return poller.register(fd, interest, target.mode(), null);
    }

    /**
     * One poll.
     *
     * @param millis timeout
     * @return a copy of the events
     * @throws IOException on failure
     */
    public List<ReadyEvent> poll(long millis) throws IOException {
        return poll(poller, millis);
    }

    /**
     * One poll of another poller.
     *
     * @param p the poller
     * @param millis timeout
     * @return a copy of the events
     * @throws IOException on failure
     */
    public List<ReadyEvent> poll(Poller p, long millis) throws IOException {
        int n = p.poll(events, millis, TimeUnit.MILLISECONDS);
        List<ReadyEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(events.get(i));
        }
        return out;
    }

    /**
     * Polls until {@code r} is reported or {@code millis} pass.
     *
     * @param r the registration
     * @param millis the most to wait
     * @return its event, or null if none came
     * @throws IOException on failure
     */
    public ReadyEvent pollFor(Registration r, long millis) throws IOException {
        Poller p = r.poller();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            for (ReadyEvent e : poll(p, Math.max(0, left))) {
                if (e.registration() == r) {
                    return e;
                }
            }
            if (left <= 0) {
                return null;
            }
        }
    }

    /**
     * @param r the registration
     * @return its event; fails the check if none comes within {@link #EVENT_MILLIS}
     * @throws IOException on failure
     */
    public ReadyEvent expectEvent(Registration r) throws IOException {
        ReadyEvent e = pollFor(r, EVENT_MILLIS);
        if (e == null) {
            fail("expected an event for " + r + " within " + EVENT_MILLIS + " ms, got none");
        }
        return e;
    }

    /**
     * Polls for {@link #QUIET_MILLIS} and fails if {@code r} is reported.
     *
     * @param r the registration
     * @throws IOException on failure
     */
    public void expectSilence(Registration r) throws IOException {
        ReadyEvent e = pollFor(r, QUIET_MILLIS);
        if (e != null) {
            fail("expected no event for " + r + ", got " + e);
        }
    }

    /**
     * @param r the registration
     * @param millis how long to wait
     * @return {@code "silent"} or the readiness flags of the event that came
     * @throws IOException on failure
     */
    public String observe(Registration r, long millis) throws IOException {
        ReadyEvent e = pollFor(r, millis);
        return e == null ? "silent" : ReadyEvent.describe(e.readyOps());
    }

    /**
     * @param millis milliseconds
     */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        for (int fd : rawFds) {
            Fds.closeQuietly(fd);
        }
        rawFds.clear();
        try {
            poller.close();
        } catch (Exception e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
