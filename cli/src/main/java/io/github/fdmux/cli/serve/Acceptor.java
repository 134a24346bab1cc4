package io.github.fdmux.cli.serve;

import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listener's registration in one event loop. Accepts in a loop until there is nothing left
 * (required under EDGE: one report may stand for many pending connections; harmless otherwise),
 * then re-arms a oneshot registration. The listener channel itself belongs to the {@link Server}.
 */
final class Acceptor implements Handler {
    private final EventLoop loop;
    private final ServerSocketChannel listener;
    private final boolean oneshot;
    Registration registration;

    Acceptor(EventLoop loop, ServerSocketChannel listener, boolean oneshot) {
        this.loop = loop;
        this.listener = listener;
        this.oneshot = oneshot;
    }

    @Override
    public void onReady(int readyOps, long now) throws IOException {
        while (true) {
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                // EMFILE and friends: drop this round. A level or re-armed registration reports the
                // queued connections again; under EDGE they wait for the next arrival (the kernel
                // signals no new edge for connections already queued).
                loop.counters.errors.incrementAndGet();
                System.err.println("fdmux serve: accept failed: " + e.getMessage());
                break;
            }
            if (c == null) {
                break; // EAGAIN: nothing left
            }
            loop.adopt(c, now);
        }
        if (oneshot) {
            registration.rearm();
        }
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
    }
}
