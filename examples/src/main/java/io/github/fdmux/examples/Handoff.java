package io.github.fdmux.examples;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may do I/O on a connection that an event loop hands to worker threads (ONESHOT or EDGE_ONESHOT,
 * docs/guide.md "ONESHOT with worker threads"): ARMED, the poller may report it and the loop may take
 * it; BUSY, one worker has it; CLOSED. The loop {@link #take}s it before queueing it for a worker (a
 * oneshot registration reports nothing more until re-armed), the worker {@link #release}s it just
 * before the re-arm (once re-armed, the next report may reach the loop at once, and it must find the
 * connection ARMED), and the loop's idle sweep closes only an ARMED one ({@link #closeIfArmed}). So no
 * two threads ever do I/O on its fd. {@link EchoServer} and {@code fdmux serve} hand their connections
 * over with it.
 *
 * <p>Thread-safe: one atomic integer.
 */
public final class Handoff {
    private static final int ARMED = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);

    /** {@return true if the caller now has the connection (ARMED to BUSY), false if a worker has it or it is closed} */
    public boolean take() {
        return state.compareAndSet(ARMED, BUSY);
    }

    /** The turn is over (BUSY to ARMED): call just before re-arming the registration. */
    public void release() {
        state.set(ARMED);
    }

    /** {@return true if the connection was ARMED and is now CLOSED, false if a worker has it (or it is closed)} */
    public boolean closeIfArmed() {
        return state.compareAndSet(ARMED, CLOSED);
    }

    /** Marks the connection CLOSED, whoever had it: it is being closed. */
    public void close() {
        state.set(CLOSED);
    }
}
