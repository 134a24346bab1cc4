package io.github.fdmux.cli.serve;

import static io.github.fdmux.ReadyEvents.ERROR;
import static io.github.fdmux.ReadyEvents.READABLE;
import static io.github.fdmux.ReadyEvents.READ_CLOSED;

import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Interest;
import io.github.fdmux.Registration;
import io.github.fdmux.examples.Handoff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One accepted connection and the reactor discipline for it: non-blocking I/O, under EDGE reads
 * drained (to EAGAIN, or to a short read, which on a TCP socket means the same, unless the event
 * also says readClosed or error: then on to the end of stream) and writes filled
 * to EAGAIN, WRITE interest only while output is pending, bounded buffers with backpressure (no
 * READ interest while pending output is above the high-water mark), re-arming after each turn in
 * the oneshot modes.
 *
 * <p>Threads: handled by its event loop, or, with a worker pool, by one worker at a time. With
 * workers, {@link #state} hands the connection over, as in the guide's echo server ({@link Handoff}):
 * the loop takes it before queueing it (a oneshot registration reports nothing more until it is
 * re-armed), the worker releases it just before the re-arm, and the idle sweep may close only one
 * no worker has. So no two threads ever do I/O on its fd. Allocates nothing per message.
 *
 * <p>Buffers: taken from the loop's {@link BufferPool} when a turn begins and given back when it
 * ends with both empty, so an idle connection holds none. If memory runs out taking them, this
 * connection is closed and the server goes on.
 *
 * <p>Once the codec has given a closing answer (or the peer's end of stream is seen), nothing more
 * is read, parsed or answered: the pending output is flushed, then the connection closes.
 */
final class Connection implements Handler {
    final EventLoop loop;
    final SocketChannel channel;
    /** Null while the connection has nothing in flight; see {@link BufferPool}. */
    private ByteBuffer in;
    private ByteBuffer out;
    private final Codec codec;
    private final WorkerPool workers;
    private final Counters counters;
    private final boolean edge;
    private final boolean oneshot;
    private final int highWater;
    private final int lowWater;
    private final Handoff state = new Handoff();

    Registration registration;
    /** Index in the loop's connection list; loop thread only. */
    int slot = -1;
    private volatile long lastActive;
    /** When the request now arriving began (HTTP; for the request timeout), or 0 if none is. */
    private volatile long requestSince;
    private volatile boolean closed;
    /** Readiness handed to a worker; published by the worker pool's lock. */
    private int pendingOps;
    private boolean paused;
    private boolean eof;
    private boolean closeAfterFlush;

    Connection(EventLoop loop, SocketChannel channel, Codec codec, long now) {
        this.loop = loop;
        this.channel = channel;
        this.codec = codec;
        this.workers = loop.workers;
        this.counters = loop.counters;
        this.edge = loop.config.mode().isEdge();
        this.oneshot = loop.config.mode().isOneshot();
        this.highWater = loop.config.highWater();
        this.lowWater = loop.config.lowWater();
        this.lastActive = now;
    }

    @Override
    public void onReady(int readyOps, long now) {
        if (workers == null) {
            turn(readyOps, now);
        } else if (state.take()) {
            pendingOps = readyOps;
            workers.submit(this);
        }
    }

    /** Runs the turn a worker was handed. */
    void workerTurn() {
        try {
            turn(pendingOps, System.nanoTime());
        } catch (RuntimeException | Error e) {
            counters.errors.incrementAndGet();
            System.err.println("fdmux serve: worker failed on " + channel + ": " + e);
            close();
        }
    }

    /** One turn: flush, read (under EDGE until drained), answer, flush, then set the interest (and re-arm). */
    private void turn(int ops, long now) {
        if (in == null) {
            ByteBuffer taken = null;
            try {
                taken = loop.buffers.take();
                out = loop.buffers.take();
                in = taken;
            } catch (OutOfMemoryError e) {
                if (taken != null) {
                    loop.buffers.give(taken);
                }
                // Direct memory is exhausted: this connection goes, the server and the others stay.
                counters.errors.incrementAndGet();
                loop.log.log("out of memory for the buffers of a connection; closing it: " + e.getMessage(), now);
                close();
                return;
            }
        }
        try {
            pump();
            flush(now);
            // Under EDGE, an end of stream (or error) that came with the data is said once, in this
            // event: no new edge follows it. So while the event says so, read on to the -1.
            boolean ended = (ops & (READ_CLOSED | ERROR)) != 0;
            boolean readReady = (ops & (READABLE | READ_CLOSED | ERROR)) != 0;
            while (readReady && !eof && !closeAfterFlush && !paused) {
                int room = in.remaining();
                int n = channel.read(in);
                if (n > 0) {
                    lastActive = now;
                    pump();
                    flush(now);
                    // LEVEL and ONESHOT report again if more is there, so one read per turn. EDGE will
                    // not, but a read that returned less than it had room for took all the socket held:
                    // TCP wakes the poller (a new edge) for every segment queued after it, so reading
                    // again would only cost a read(2) that says EAGAIN. Tokio's PollEvented relies on
                    // the same rule. Only a full read may leave data behind; and a FIN already queued
                    // brings no edge of its own, which is why `ended` keeps the loop going.
                    readReady = edge && (n == room || ended);
                } else {
                    eof = n < 0;      // 0 is EAGAIN: drained
                    break;
                }
            }
            finish(now);
        } catch (IOException e) {
            counters.errors.incrementAndGet();
            close();
        }
    }

    /** Lets the codec turn buffered input into output; after a closing answer, drops the input instead. */
    private void pump() {
        if (closeAfterFlush) {
            in.clear();       // nothing after a closing answer is parsed or answered
        } else if (in.position() > 0) {
            in.flip();
            if (codec.process(in, out) == Codec.CLOSE) {
                closeAfterFlush = true;
            }
            in.compact();
        }
        updatePaused();
    }

    /**
     * Writes pending output until it is all written or the kernel's buffer is full (EAGAIN); each
     * time it is all written, lets the codec answer input that was waiting for room.
     */
    private void flush(long now) throws IOException {
        while (out.position() > 0) {
            out.flip();
            boolean all;
            try {
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        break;
                    }
                    lastActive = now;
                }
            } finally {
                all = !out.hasRemaining();
                out.compact();
            }
            if (!all) {
                break;
            }
            pump();
        }
        updatePaused();
    }

    private void updatePaused() {
        if (paused) {
            paused = out.position() > lowWater || !in.hasRemaining();
        } else {
            paused = out.position() >= highWater || !in.hasRemaining();
        }
    }

    /**
     * Ends a turn: closes, or gives idle buffers back, notes a request in progress, and sets the
     * interest the state calls for (re-arming a oneshot registration).
     */
    private void finish(long now) throws IOException {
        boolean pending = out.position() > 0;
        if ((eof || closeAfterFlush) && !pending) {
            close();
            return;
        }
        if (codec.midRequest()) {
            if (requestSince == 0) {
                requestSince = now;
            }
        } else {
            requestSince = 0;
        }
        if (!pending && in.position() == 0) {
            releaseBuffers(); // idle: hold no memory until the next turn
        }
        Interest want = Interest.of(!eof && !closeAfterFlush && !paused, pending);
        if (want.isNone()) {
            close(); // cannot happen with the codecs here (a stuck input closes); never leave an fd deaf
            return;
        }
        Interest had = registration.interest();
        if (had.isReadable() && !want.isReadable() && paused) {
            counters.readPauses.incrementAndGet();
        } else if (!had.isReadable() && want.isReadable()) {
            counters.readResumes.incrementAndGet();
        }
        if (workers != null) {
            state.release(); // from here the idle sweep may take it; this thread touches only the registration
        }
        try {
            if (want != had) {
                registration.modify(want); // also re-arms a oneshot registration
            } else if (oneshot) {
                registration.rearm();
            }
        } catch (CancelledRegistrationException e) {
            if (!closed) {
                throw e;
            } // else the idle sweep closed it between the hand-back and the re-arm
        }
    }

    /**
     * Closes if the connection has been silent for {@code idleNanos}, or a request has been arriving
     * for {@code requestNanos} without being complete (a slowloris client sending a byte at a time
     * keeps the connection from being idle). Loop thread only.
     *
     * @param now {@link System#nanoTime()}
     * @param idleNanos the idle timeout, 0 for none
     * @param requestNanos the request timeout, 0 for none
     * @return true if it was closed
     */
    boolean expire(long now, long idleNanos, long requestNanos) {
        long since = requestSince;
        boolean idle = idleNanos > 0 && now - lastActive >= idleNanos;
        boolean slow = requestNanos > 0 && since != 0 && now - since >= requestNanos;
        if (!idle && !slow) {
            return false;
        }
        if (workers != null && !state.closeIfArmed()) {
            return false; // a worker has it
        }
        counters.idleClosed.incrementAndGet();
        close();
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state.close();
        if (registration != null) {
            registration.cancel(); // before the close: never leave the kernel watching a dead fd
        }
        try {
            channel.close();
        } catch (IOException e) {
            counters.errors.incrementAndGet();
        }
        releaseBuffers();
        counters.closed.incrementAndGet();
        loop.onClosed(this);
    }

    /** Gives the buffers back to the pool; the thread doing this turn (or closing) owns them. */
    private void releaseBuffers() {
        if (in != null) {
            loop.buffers.give(in);
            loop.buffers.give(out);
            in = null;
            out = null;
        }
    }

    /** @return whether it holds buffers now (for tests) */
    boolean holdsBuffers() {
        return in != null;
    }

    boolean isClosed() {
        return closed;
    }
}
