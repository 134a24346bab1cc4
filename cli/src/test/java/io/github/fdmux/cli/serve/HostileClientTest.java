package io.github.fdmux.cli.serve;

import static io.github.fdmux.cli.serve.ServerTest.connect;
import static io.github.fdmux.cli.serve.ServerTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that misbehave, on every backend and mode: each gets at most one answer and a close, and
 * the server cleans up after it. (The fd-limit and memory attacks need a child process with its
 * own limits: {@code FdLimitAndMemoryTest}.)
 */
@Timeout(120)
class HostileClientTest {

    static Stream<Target> targets() {
        return Target.available().stream();
    }

    private static ServerConfig http(Target t) {
        return ServerConfig.defaults().withBackend(t.backend()).withMode(t.mode()).withProtocol(Protocol.HTTP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void oversizedHeaderBlockGetsOne431ThenClose(Target t) throws Exception {
        try (Server server = Server.start(http(t).withBuffers(4096, 3072))) {
            try (Socket s = connect(server)) {
                // 4,500 bytes of header lines and no blank line: more than the 4 KiB input buffer holds.
                StringBuilder header = new StringBuilder("GET / HTTP/1.1\r\n");
                while (header.length() < 4500) {
                    header.append("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
                }
                s.getOutputStream().write(header.toString().getBytes(StandardCharsets.US_ASCII));
                assertEquals(ascii(HttpCodec.TOO_LARGE), readToEnd(s.getInputStream()),
                        "one 431, then the server closes");
            }
            waitFor(() -> server.stats().open() == 0, "the connection closed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void nothingIsAnsweredAfterAClosingAnswer(Target t) throws Exception {
        String next = "GET /after HTTP/1.1\r\n\r\n";
        String[][] cases = {
            {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n" + next, ascii(HttpCodec.OK_CLOSE)},
            {"GET / HTTP/1.0\r\n\r\n" + next, ascii(HttpCodec.OK_CLOSE)},
            {"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n" + next, ascii(HttpCodec.BAD_REQUEST)},
            {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + next, ascii(HttpCodec.NOT_IMPLEMENTED)},
            {"hello\r\n\r\n" + next, ascii(HttpCodec.BAD_REQUEST)},
            {"GET / HTTP/2.0\r\n\r\n" + next, ascii(HttpCodec.BAD_REQUEST)},
            {"GET / SPDY/1.1\r\n\r\n" + next, ascii(HttpCodec.BAD_REQUEST)},
        };
        try (Server server = Server.start(http(t))) {
            for (String[] c : cases) {
                try (Socket s = connect(server)) {
                    s.getOutputStream().write(c[0].getBytes(StandardCharsets.US_ASCII));
                    assertEquals(c[1], readToEnd(s.getInputStream()), "answer to " + c[0].replace("\r\n", "\\r\\n"));
                }
            }
            waitFor(() -> server.stats().open() == 0, "every connection closed");
        }
    }

    /**
     * The request and the FIN arrive before the server reads: under EDGE one event carries both
     * (readable+readClosed) and no new edge follows, so a server that stops at the short read keeps
     * the connection in CLOSE_WAIT for ever (no idle timeout here). 50 clients in a burst: the later
     * ones are accepted only after their data and FIN are queued.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void requestAndFinTogetherAreAnsweredAndClosed(Target t) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            ServerConfig c = http(t).withProtocol(protocol).withIdleTimeout(Duration.ZERO);
            byte[] request = (protocol == Protocol.HTTP ? "GET / HTTP/1.1\r\n\r\n" : "ping")
                    .getBytes(StandardCharsets.US_ASCII);
            String expected = protocol == Protocol.HTTP ? ascii(HttpCodec.OK) : "ping";
            try (Server server = Server.start(c)) {
                try (Clients clients = new Clients(server)) {
                    for (int i = 0; i < 50; i++) {
                        Socket s = clients.connect();
                        s.getOutputStream().write(request);
                        s.shutdownOutput();
                    }
                    for (int i = 0; i < clients.open.size(); i++) {
                        clients.open.get(i).setSoTimeout(5_000);
                        assertEquals(expected, readToEnd(clients.open.get(i).getInputStream()),
                                protocol + " client " + i + ": answered, then closed");
                    }
                }
                waitFor(() -> server.stats().open() == 0, "no connection left open (CLOSE_WAIT)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void maxConnectionsLeavesNewcomersInTheBacklogUntilOneCloses(Target t) throws Exception {
        ServerConfig c = http(t).withProtocol(Protocol.ECHO).withLimits(3, Duration.ZERO);
        try (Server server = Server.start(c); Clients held = new Clients(server)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(1, ServerTest.echo(held.connect(), new byte[] {(byte) i}).length);
            }
            try (Socket newcomer = connect(server)) { // the kernel completes the handshake: backlog
                newcomer.getOutputStream().write(7);
                newcomer.setSoTimeout(300);
                try {
                    int got = newcomer.getInputStream().read();
                    throw new AssertionError("a fourth connection was served (" + got + ") at --max-connections 3");
                } catch (SocketTimeoutException expected) {
                    // not accepted: it waits
                }
                assertEquals(3, server.stats().accepted());
                held.open.remove(0).close();
                newcomer.setSoTimeout(5_000);
                assertEquals(7, newcomer.getInputStream().read(), "accepted and served once one closed");
            }
        }
    }

    /**
     * Slowloris: a header trickling in a byte every 20 ms is never idle, but the request timeout
     * (300 ms here) closes it; a keep-alive connection that is silent between complete requests is
     * not mid-request and stays.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void requestTimeoutClosesATricklingHeaderButNotAnIdleKeepAlive(Target t) throws Exception {
        ServerConfig c = http(t).withLimits(ServerConfig.DEFAULT_MAX_CONNECTIONS, Duration.ofMillis(300));
        try (Server server = Server.start(c); Socket slow = connect(server); Socket idle = connect(server)) {
            idle.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(ascii(HttpCodec.OK), new String(idle.getInputStream().readNBytes(HttpCodec.OK.length),
                    StandardCharsets.US_ASCII));
            byte[] header = "GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            long closedAfter = -1;
            for (int i = 0; i < header.length && closedAfter < 0; i++) {
                try {
                    slow.getOutputStream().write(header[i]);
                } catch (SocketException e) {
                    closedAfter = (System.nanoTime() - start) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
                if (server.stats().open() < 2) {
                    closedAfter = (System.nanoTime() - start) / 1_000_000;
                }
            }
            assertTrue(closedAfter >= 250, "closed by the request timeout, not before it: " + closedAfter + " ms");
            assertTrue(closedAfter < 3_000, "closed by the request timeout, " + closedAfter + " ms");
            assertEquals(-1, readAfterClose(slow), "the server closed the trickling connection");
            idle.getOutputStream().write("GET /2 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(ascii(HttpCodec.OK), new String(idle.getInputStream().readNBytes(HttpCodec.OK.length),
                    StandardCharsets.US_ASCII), "the idle keep-alive connection still works");
        }
    }

    /** The client sockets a test holds open against one server, closed together when it ends. */
    private static final class Clients implements AutoCloseable {
        final List<Socket> open = new ArrayList<>();
        private final Server server;

        Clients(Server server) {
            this.server = server;
        }

        Socket connect() throws IOException {
            Socket s = ServerTest.connect(server);
            open.add(s);
            return s;
        }

        @Override
        public void close() throws IOException {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private static int readAfterClose(Socket s) throws IOException {
        try {
            s.setSoTimeout(5_000);
            return s.getInputStream().read();
        } catch (SocketException e) {
            return -1; // reset: closed all the same
        }
    }

    /** Reads until the server closes; a timeout (the server kept the connection) fails with what came. */
    static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                got.write(b, 0, n);
                assertTrue(got.size() < (1 << 20), "more than 1 MiB of answers: " + head(got));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close; received " + head(got), e);
        } catch (SocketException e) {
            // a reset after the answer: the server closed with our unread bytes in its buffer
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    private static String head(ByteArrayOutputStream got) {
        String s = got.toString(StandardCharsets.US_ASCII);
        return got.size() + " bytes: " + (s.length() > 300 ? s.substring(0, 300) + "..." : s);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
