package io.github.fdmux.examples;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The fifteen lines of README.md, compiled so that they cannot rot (DocSnippetsTest checks that
 * the README shows exactly these lines). It serves port 8080 forever, so the tests only compile it;
 * {@link EchoServer} is the complete, tested version.
 */
public final class FifteenLines {
    private FifteenLines() {
    }

    /**
     * Accepts connections on port 8080 forever (and does nothing with them).
     *
     * @param args ignored
     * @throws IOException if binding or polling fails
     */
    public static void main(String[] args) throws IOException {
        try (Poller poller = Pollers.open();                        // EPOLL on Linux, KQUEUE on macOS, ...
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(8080)).configureBlocking(false);
            poller.register(server, Interest.READ, Mode.EDGE, "listener");
            ReadyEvents events = new ReadyEvents(256);              // reused: polling allocates nothing
            while (true) {
                int n = poller.poll(events, Poller.FOREVER);
                for (int i = 0; i < n; i++) {
                    if ("listener".equals(events.attachment(i))) {
                        SocketChannel c;                            // EDGE: accept until there is none left
                        while ((c = server.accept()) != null) { c.configureBlocking(false); /* register c ... */ }
                    }
                }
            }
        }
    }
}
