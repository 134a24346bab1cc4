package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.fail;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.spi.AbstractPoller;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a behaviour runs with: a fresh poller of the target backend, the {@link Resources} it makes
 * (socket pairs, pipes, raw fds, all closed when the behaviour ends, so the fd-leak check sees only
 * what fdmux itself might leak), and the probes: {@link #expectEvent}, {@link #expectSilence},
 * {@link #pollFor}, and for checks across threads {@link #pollInThread} and {@link #awaitBlocked}.
 *
 * <p>Not thread-safe, except {@link #poller()} which is a {@link Poller}.
 */
public final class Fixture extends Resources {
    /** How long a check waits for an event that must come. */
    public static final long EVENT_MILLIS = 2_000;
    /** How long a check waits to be sure an event does not come. */
    public static final long QUIET_MILLIS = 100;

    private final Target target;
    private final Poller poller;
    private final ReadyEvents events = new ReadyEvents(256);

    Fixture(Target target) throws IOException {
        FdExhaustion.load();
        this.target = target;
        this.poller = Pollers.open(target.backend());
    }

    /** A fixture around a given poller (closed with the fixture): for tests of the catalogue's own checks. */
    Fixture(Target target, Poller poller) {
        this.target = target;
        this.poller = poller;
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
     * Registers {@code p.server} for READ in the target's mode, makes it readable (10 bytes from
     * {@code p.client}) and checks that the next event says so: the start of many checks.
     *
     * @param p a pair
     * @return the registration, its first event consumed
     * @throws IOException on failure
     */
    public Registration registerReadable(Resources.Pair p) throws IOException {
        Registration r = register(p.server, Interest.READ);
        write(p.client, 10);
        ReadyEvent e = expectEvent(r);
        if (!e.readable()) {
            fail("expected " + r + " readable after 10 bytes from its peer, got " + e);
        }
        return r;
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
     * Drains {@code peer} and polls for {@code r} (20 ms at a time) until {@code r} is reported or 10 s
     * pass: how a check waits for a full send buffer to become writable again, since the peer's
     * reads free room only as fast as loopback moves the queued data.
     *
     * @param r a registration with write interest whose send buffer was filled
     * @param peer the other end, read until it would block on every round
     * @return the event of {@code r}, or null if none came
     * @throws IOException on failure
     */
    public ReadyEvent pollWhileDraining(Registration r, ReadableByteChannel peer) throws IOException {
        ReadyEvent e = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (e == null && System.currentTimeMillis() < deadline) {
            drain(peer);
            e = pollFor(r, 20);
        }
        return e;
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
     * Polls forever in a new daemon thread.
     *
     * @param p the poller
     * @return completes with the events of that one poll (or its failure)
     */
    public static CompletableFuture<List<ReadyEvent>> pollInThread(Poller p) {
        CompletableFuture<List<ReadyEvent>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ReadyEvents ev = new ReadyEvents(16);
                int n = p.poll(ev, Poller.FOREVER, TimeUnit.MILLISECONDS);
                List<ReadyEvent> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(ev.get(i));
                }
                result.complete(out);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "fdmux-test-poller");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /**
     * Waits until the poller's polling thread is in its kernel wait ({@link AbstractPoller#isWaitingInKernel()}),
     * so that what the caller does next from its own thread happens while the poll blocks.
     *
     * @param p a poller polled by another thread
     */
    public static void awaitBlocked(Poller p) {
        if (!(p instanceof AbstractPoller)) {
            throw new IllegalArgumentException(p + " is not an AbstractPoller: no way to see when its poll blocks");
        }
        AbstractPoller<?> a = (AbstractPoller<?>) p;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENT_MILLIS);
        while (!a.isWaitingInKernel()) {
            if (System.nanoTime() - deadline > 0) {
                fail("the poll of " + p + " did not reach its kernel wait within " + EVENT_MILLIS + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
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

    /**
     * Closes every channel and raw fd made here, then the poller.
     *
     * @throws IOException the first failure, the others suppressed
     */
    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            super.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            poller.close();
        } catch (IOException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
