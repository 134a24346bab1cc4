package io.github.fdmux.cli.compare;

import io.github.fdmux.PollerStats;
import io.github.fdmux.cli.serve.Server;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The echo server one row of the comparison measures: fdmux's event loop, or a {@link Baseline}'s threads. */
interface SubjectServer extends AutoCloseable {
    /** @return where it listens */
    InetSocketAddress address() throws IOException;

    /** @return the threads whose CPU and allocation are the server's, now */
    long[] cpuThreadIds();

    /** @return the pollers' counters, or null for a server without one (the baselines) */
    PollerStats pollerStats();

    /** @return connections open now */
    long openConnections();

    /** @return why the server stopped, or null */
    Throwable failure();

    @Override
    void close();

    /**
     * @param server an fdmux echo server
     * @return it, as a subject
     */
    static SubjectServer of(Server server) {
        return new SubjectServer() {
            @Override
            public InetSocketAddress address() {
                return server.address();
            }

            @Override
            public long[] cpuThreadIds() {
                return server.threadIds();
            }

            @Override
            public PollerStats pollerStats() {
                return server.stats().poller();
            }

            @Override
            public long openConnections() {
                return server.stats().open();
            }

            @Override
            public Throwable failure() {
                return server.failure();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
