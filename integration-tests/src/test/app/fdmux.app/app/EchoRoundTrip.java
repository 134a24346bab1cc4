package app;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Run by ModulePathTest and ClassPathTest: one echo round trip over loopback on the automatic choice
 * and on every other backend available here. Prints "status BACKEND available|unavailable: reason"
 * per backend, "echo BACKEND ok module=NAME" per round trip; exits 1 on any failure.
 */
public final class EchoRoundTrip {
    private static final byte[] PING = "ping over fdmux".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        for (BackendStatus s : Pollers.statuses()) {
            System.out.println("status " + s.backend() + " " + (s.available() ? "available" : "unavailable")
                    + ": " + s.reason());
        }
        try (Poller poller = Pollers.open()) {
            roundTrip(poller);
            System.out.println("automatic " + poller.backend());
        }
        for (BackendStatus s : Pollers.statuses()) {
            if (s.available()) {
                try (Poller poller = Pollers.open(s.backend())) {
                    roundTrip(poller);
                }
            }
        }
    }

    private static void roundTrip(Poller poller) throws IOException {
        ReadyEvents events = new ReadyEvents(8);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            poller.register(server, Interest.READ, Mode.LEVEL, "listener");
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                awaitReady(poller, events, "listener");
                try (SocketChannel accepted = server.accept()) {
                    accepted.configureBlocking(false);
                    poller.register(accepted, Interest.READ, Mode.LEVEL, "connection");
                    client.write(ByteBuffer.wrap(PING));
                    ByteBuffer in = ByteBuffer.allocate(PING.length);
                    while (in.hasRemaining()) {
                        awaitReady(poller, events, "connection");
                        if (accepted.read(in) < 0) {
                            throw new IOException("the client closed early");
                        }
                    }
                    accepted.write(in.flip());
                    ByteBuffer back = ByteBuffer.allocate(PING.length);
                    while (back.hasRemaining() && client.read(back) >= 0) {
                        // blocking client: read until the whole message is back
                    }
                    if (!new String(back.array(), StandardCharsets.US_ASCII).equals(new String(PING, StandardCharsets.US_ASCII))) {
                        throw new IOException("echoed bytes differ: " + new String(back.array(), StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        System.out.println("echo " + poller.backend() + " ok module=" + poller.getClass().getModule().getName());
    }

    private static void awaitReady(Poller poller, ReadyEvents events, String attachment) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            int n = poller.poll(events, 1000);
            for (int i = 0; i < n; i++) {
                if (attachment.equals(events.attachment(i)) && events.isReadable(i)) {
                    return;
                }
            }
        }
        throw new IOException(poller.backend() + ": " + attachment + " not readable within 10 s");
    }
}
