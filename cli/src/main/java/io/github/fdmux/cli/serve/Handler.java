package io.github.fdmux.cli.serve;

import java.io.IOException;

/** What a registration's attachment does when its fd is ready: a listener or a connection. */
interface Handler {
    /**
     * Called by the event loop for each ready event.
     *
     * @param readyOps the {@link io.github.fdmux.ReadyEvents} readiness bits
     * @param now {@link System#nanoTime()} at the poll's return
     * @throws IOException if the loop itself cannot go on (per-connection errors are handled inside)
     */
    void onReady(int readyOps, long now) throws IOException;

    /** Closes the handler's fd and cancels its registration; idempotent. */
    void close();
}
