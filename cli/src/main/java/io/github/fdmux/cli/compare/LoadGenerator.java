package io.github.fdmux.cli.compare;

import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@code fdmux compare}: C connections, each sending an S-byte message, waiting for
 * the whole echo, and sending again (ping-pong: one message in flight per connection).
 *
 * <p>One thread on its own fdmux poller, the automatic backend in LEVEL mode, the same for every
 * row of the comparison. One thread rather than a blocking thread per connection: on a small
 * machine (2 cores) C threads would spend the CPU on context switches and compete with the server
 * under test, and their scheduling noise would swamp the differences being measured. A fixed
 * backend and mode on the client side means that only the server changes from row to row.
 *
 * <p>Not thread-safe, except {@link #beginMeasuring()}, {@link #endMeasuring()} and
 * {@link #close()}, which the controlling thread calls.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final int WARMING = 0;
    private static final int MEASURING = 1;
    private static final int DONE = 2;

    private final Poller poller;
    private final Conn[] conns;
    private final ReadyEvents events;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final Thread thread;
    private volatile int phase = WARMING;
    private volatile int acknowledged = WARMING;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long errors;
    private long roundTrips;
    /** Set by {@link #drain}: a connection whose echo completes sends nothing more. */
    private volatile boolean draining;
    /** Load thread: connections done (idle after draining, or dead). */
    private int settled;
    private volatile boolean drained;

    /** One connection's state; the message is S bytes of a fixed pattern. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer send;
        final ByteBuffer recv;
        Registration registration;
        long sentAt;
        boolean dead;
        boolean settled;

        Conn(SocketChannel channel, ByteBuffer message, int size) {
            this.channel = channel;
            this.send = message.duplicate();
            this.recv = ByteBuffer.allocateDirect(size);
        }
    }

    private LoadGenerator(Poller poller, Conn[] conns) {
        this.poller = poller;
        this.conns = conns;
        this.events = new ReadyEvents(Math.max(16, conns.length));
        this.thread = new Thread(this::run, "fdmux-compare-load");
        this.thread.setDaemon(true);
    }

    /**
     * Connects every connection (blocking, so each is established before the load starts), then
     * starts the load thread.
     *
     * @param server the echo server
     * @param connections C, 1 or more
     * @param size S, bytes per message, 1 or more
     * @return the running generator
     * @throws IOException if a connection or the poller cannot be opened (nothing is left open then)
     */
    public static LoadGenerator start(InetSocketAddress server, int connections, int size) throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            message.put((byte) ('a' + i % 26));
        }
        message.flip();
        Poller poller = Pollers.open();
        Conn[] conns = new Conn[connections];
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open();
                conns[i] = new Conn(ch, message, size);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(server);
                ch.configureBlocking(false);
                conns[i].registration = poller.register(ch, Interest.READ, Mode.LEVEL, conns[i]);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(conns, poller, e);
            throw e;
        }
        LoadGenerator g = new LoadGenerator(poller, conns);
        g.thread.start();
        return g;
    }

    private void run() {
        try {
            long now = System.nanoTime();
            for (Conn c : conns) {
                send(c, now);
            }
            boolean recording = false;
            while (running) {
                int n = poller.poll(events, 100, TimeUnit.MILLISECONDS);
                for (int i = 0; i < n; i++) {
                    Conn c = (Conn) events.attachment(i);
                    int ops = events.readyOps(i);
                    if ((ops & ReadyEvents.WRITABLE) != 0 && c.send.hasRemaining()) {
                        write(c);
                    }
                    if ((ops & (ReadyEvents.READABLE | ReadyEvents.READ_CLOSED | ReadyEvents.ERROR)) != 0) {
                        receive(c, recording);
                    }
                }
                int p = phase;
                if (p != acknowledged) {
                    recording = p == MEASURING;
                    acknowledged = p;
                }
            }
        } catch (ClosedPollerException e) {
            // closed under us by close(): done
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void receive(Conn c, boolean recording) throws IOException {
        int n;
        try {
            n = c.channel.read(c.recv);
        } catch (IOException e) {
            die(c);
            return;
        }
        if (n < 0) {
            die(c);
            return;
        }
        if (c.recv.hasRemaining()) {
            return; // part of the echo; the rest comes later
        }
        long now = System.nanoTime();
        if (recording) {
            histogram.record(now - c.sentAt);
            roundTrips++;
        }
        c.recv.clear();
        if (draining) {
            settle(c);
            return;
        }
        send(c, now);
    }

    private void settle(Conn c) {
        if (!c.settled) {
            c.settled = true;
            if (++settled == conns.length) {
                drained = true;
            }
        }
    }

    /**
     * Stops sending: every connection finishes the round trip in flight and then stays quiet, so
     * that closing it afterwards leaves no unread echo behind (which would make the kernel send a
     * reset instead of a FIN, and the server count an error).
     *
     * @param timeoutMillis the most to wait
     * @return whether every connection went quiet in time
     */
    public boolean drain(long timeoutMillis) {
        draining = true;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!drained && thread.isAlive() && System.nanoTime() < deadline) {
            poller.wakeup();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return drained;
    }

    private void send(Conn c, long now) throws IOException {
        c.send.rewind();
        c.sentAt = now;
        write(c);
    }

    private void write(Conn c) throws IOException {
        try {
            while (c.send.hasRemaining() && c.channel.write(c.send) > 0) {
                // fill to EAGAIN
            }
        } catch (IOException e) {
            die(c);
            return;
        }
        Interest want = c.send.hasRemaining() ? Interest.READ_WRITE : Interest.READ;
        if (c.registration.interest() != want) {
            c.registration.modify(want);
        }
    }

    private void die(Conn c) {
        if (!c.dead) {
            c.dead = true;
            errors++;
            c.registration.cancel();
            settle(c);
        }
    }

    /** Starts counting round trips and latencies (after the warm-up). */
    public void beginMeasuring() {
        handshake(MEASURING);
    }

    /**
     * Stops counting.
     *
     * @return the round trips counted and their latencies
     */
    public Result endMeasuring() {
        handshake(DONE);
        return new Result(roundTrips, histogram.copy(), errors);
    }

    /** Sets the phase and waits until the load thread has seen it, so what it recorded is visible here. */
    private void handshake(int p) {
        phase = p;
        while (acknowledged != p && thread.isAlive()) {
            poller.wakeup();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        if (failure != null) {
            throw new IllegalStateException("the load generator failed: " + failure, failure);
        }
    }

    /**
     * What was measured.
     *
     * @param roundTrips completed round trips
     * @param latencies  their latencies
     * @param errors     connections that failed (reset, closed by the server)
     */
    public record Result(long roundTrips, LatencyHistogram latencies, long errors) {
    }

    /** Stops the thread and closes every connection and the poller. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            poller.wakeup();
        } catch (ClosedPollerException e) {
            // closed already
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(conns, poller, null);
    }

    private static void closeAll(Conn[] conns, Poller poller, Throwable into) {
        for (Conn c : conns) {
            if (c == null) {
                continue;
            }
            if (c.registration != null) {
                c.registration.cancel();
            }
            try {
                c.channel.close();
            } catch (IOException e) {
                if (into != null) {
                    into.addSuppressed(e);
                }
            }
        }
        try {
            poller.close();
        } catch (IOException e) {
            if (into != null) {
                into.addSuppressed(e);
            }
        }
    }
}
