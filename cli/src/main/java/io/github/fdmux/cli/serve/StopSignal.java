package io.github.fdmux.cli.serve;

/**
 * A signal registration's attachment ({@link io.github.fdmux.Poller#registerSignal}): its delivery
 * asks the server to stop. Runs in the event loop whose poller holds the registration.
 *
 * @param server the server to stop
 * @param name   the signal's name without SIG, e.g. INT
 */
record StopSignal(Server server, String name) implements Handler {

    @Override
    public void onReady(int readyOps, long now) {
        server.signalled(name);
    }

    @Override
    public void close() {
        // The registration is the server's: it lives until the poller closes, the last step of Server.close().
    }

    @Override
    public String toString() {
        return "SIG" + name;
    }
}
