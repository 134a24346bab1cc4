package io.github.fdmux.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.conformance.FdSnapshot;
import io.github.fdmux.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The server end to end over loopback, with real blocking clients. */
@Timeout(60)
class ServerTest {

    static Stream<Target> targets() {
        return Target.available().stream();
    }

    static Stream<Target> oneshotTargets() {
        return Target.available().stream().filter(t -> t.mode().isOneshot());
    }

    private static ServerConfig config(Target t) {
        return ServerConfig.defaults().withBackend(t.backend()).withMode(t.mode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void echoesSmallAndLargeMessagesOnEveryBackendAndMode(Target t) throws Exception {
        // 100 KB exceeds the server's 16 KiB buffers and the socket buffers' first fill: partial
        // writes, WRITE interest, backpressure and resumption all happen on the way.
        try (Server server = Server.start(config(t))) {
            assertEquals(t.backend(), server.backend());
            for (int size : new int[] {1, 64, 5000, 100_000}) {
                try (Socket s = connect(server)) {
                    byte[] sent = random(size, size);
                    assertArrayEquals(sent, echo(s, sent), "echo of " + size + " bytes on " + t);
                }
            }
            waitFor(() -> server.stats().open() == 0, "every connection closed after the clients left");
            assertEquals(4, server.stats().accepted());
            assertTrue(server.stats().poller().polls() > 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void httpKeepAliveAnswersSeveralRequestsPerConnection(Target t) throws Exception {
        try (Server server = Server.start(config(t).withProtocol(Protocol.HTTP))) {
            try (Socket s = connect(server)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int i = 0; i < 5; i++) {
                    out.write(("GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertEquals(ascii(HttpCodec.OK), readAscii(in, HttpCodec.OK.length), "response " + i);
                }
                // Pipelined, one with a body to skip.
                out.write(("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\n"
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals(ascii(HttpCodec.OK).repeat(3), readAscii(in, 3 * HttpCodec.OK.length));
                out.write("GET /last HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals(ascii(HttpCodec.OK_CLOSE), readAscii(in, HttpCodec.OK_CLOSE.length));
                assertEquals(-1, in.read(), "the server closes after Connection: close");
            }
            assertEquals(1, server.stats().accepted(), "all of it on one connection");
        }
    }

    @ParameterizedTest(name = "{0} with 3 workers")
    @MethodSource("oneshotTargets")
    void workersRearmAfterEachTurn(Target t) throws Exception {
        try (Server server = Server.start(config(t).withThreads(1, 3, Listening.REUSEPORT))) {
            assertEquals(4, server.threadIds().length, "one loop and three workers");
            concurrentEchoes(server, 8, 20);
        }
    }

    @ParameterizedTest(name = "{0} with 2 loops")
    @MethodSource("targets")
    void reusePortLoopsEachTakeConnections(Target t) throws Exception {
        try (Server server = Server.start(config(t).withThreads(2, 0, Listening.REUSEPORT))) {
            concurrentEchoes(server, 32, 3);
            long[] perLoop = server.acceptedPerLoop();
            assertEquals(32, perLoop[0] + perLoop[1]);
            // SO_REUSEPORT hashes the 4-tuple: all 32 on one listener has probability 2^-31.
            assertTrue(perLoop[0] > 0 && perLoop[1] > 0, "both loops accepted: " + Arrays.toString(perLoop));
        }
    }

    @Test
    void exclusiveListenerSharedByLoops() throws Exception {
        Target t = Target.available().stream()
                .filter(x -> x.mode() == Mode.EDGE && exclusive(x.backend())).findFirst().orElse(null);
        assumeTrue(t != null, "no backend with exclusive wakeups (EPOLLEXCLUSIVE) and EDGE mode here");
        try (Server server = Server.start(config(t).withThreads(3, 0, Listening.EXCLUSIVE))) {
            concurrentEchoes(server, 12, 3);
            assertEquals(12, Arrays.stream(server.acceptedPerLoop()).sum());
        }
    }

    private static boolean exclusive(Backend b) {
        return io.github.fdmux.Pollers.statuses().stream()
                .anyMatch(s -> s.backend() == b && s.available() && s.capabilities().orElseThrow().exclusiveWakeups());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void slowReaderMakesTheServerStopReading(Target t) throws Exception {
        ServerConfig c = config(t).withBuffers(4096, 2048);
        try (Server server = Server.start(c); SocketChannel client = SocketChannel.open(server.address())) {
            client.configureBlocking(false);
            // Write without reading until the kernel's buffers in both directions are full: the
            // server's output then cannot drain, so it must stop reading (interest without READ).
            ByteBuffer chunk = ByteBuffer.wrap(random(65536, 7));
            long sent = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.stats().readPauses() == 0 && System.nanoTime() < deadline) {
                chunk.rewind();
                int n = client.write(chunk);
                sent += n;
                if (n == 0) {
                    Thread.sleep(5);
                }
            }
            assertTrue(server.stats().readPauses() > 0, "the server dropped READ interest after " + sent + " bytes");
            // Now read everything back: the server resumes reading and echoes every byte.
            ByteBuffer in = ByteBuffer.allocate(65536);
            long received = 0;
            long idleSince = System.nanoTime();
            while (received < sent && System.nanoTime() - idleSince < 5_000_000_000L) {
                in.clear();
                int n = client.read(in);
                if (n > 0) {
                    received += n;
                    idleSince = System.nanoTime();
                } else {
                    Thread.sleep(1);
                }
            }
            assertEquals(sent, received, "every byte came back");
            assertTrue(server.stats().readResumes() > 0, "and it resumed reading");
            assertEquals(0, server.stats().errors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void idleTimeoutClosesSilentConnectionsOnly(Target t) throws Exception {
        // A message every 50 ms against a 600 ms timeout: a wide margin, so a loaded machine that
        // oversleeps does not close the chatty connection.
        try (Server server = Server.start(config(t).withIdleTimeout(Duration.ofMillis(600)));
             Socket silent = connect(server); Socket chatty = connect(server)) {
            silent.setSoTimeout(5_000);
            long start = System.nanoTime();
            for (int i = 0; i < 24; i++) {   // 1.2 s of a message every 50 ms
                assertArrayEquals(new byte[] {(byte) i}, echo(chatty, new byte[] {(byte) i}));
                Thread.sleep(50);
            }
            assertEquals(-1, silent.getInputStream().read(), "the silent connection was closed");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 550, "not before the timeout: " + waited + " ms");
            assertArrayEquals(new byte[] {42}, echo(chatty, new byte[] {42}), "the chatty one is still open");
            assertEquals(1, server.stats().idleClosed());
        }
    }

    @Test
    void closeReleasesEveryFd() throws Exception {
        assumeTrue(FdSnapshot.supported(), "cannot list this process's fds here");
        Target t = Target.available().get(0);
        FdSnapshot before = FdSnapshot.take();
        List<Socket> clients = new ArrayList<>();
        Server server = Server.start(config(t).withThreads(2, 0, Listening.REUSEPORT));
        try {
            for (int i = 0; i < 6; i++) {
                Socket s = connect(server);
                clients.add(s);
                assertArrayEquals(new byte[] {1, 2, 3}, echo(s, new byte[] {1, 2, 3}));
            }
            int during = FdSnapshot.take().leakedSince(before).size();
            // 6 client sockets, 6 server sockets, 2 listeners, 2 pollers (each at least one fd).
            assertTrue(during >= 16, "the server's fds are visible while it runs: " + during);
        } finally {
            server.close();
        }
        assertEquals("closed 6 connections, 2 listeners, 2 pollers", server.summary());
        for (Socket s : clients) {
            s.setSoTimeout(5_000);
            assertEquals(-1, s.getInputStream().read(), "the server closed its end");
            s.close();
        }
        Map<Integer, String> leaked = FdSnapshot.take().leakedSince(before);
        assertTrue(leaked.isEmpty(), "fds left open after close: " + leaked);
        server.close(); // idempotent
    }

    @Test
    void workersShutDownCleanly() throws Exception {
        Target t = oneshotTargets().findFirst().orElse(null);
        assumeTrue(t != null, "no oneshot mode here");
        FdSnapshot before = FdSnapshot.take();
        Server server = Server.start(config(t).withThreads(2, 4, Listening.REUSEPORT));
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket s = connect(server);
            clients.add(s);
            assertArrayEquals(new byte[] {9}, echo(s, new byte[] {9}));
        }
        server.close();
        assertTrue(server.summary().startsWith("closed 5 connections, 2 listeners, 2 pollers"), server.summary());
        assertNull(server.failure());
        for (Socket s : clients) {
            s.close();
        }
        Map<Integer, String> leaked = FdSnapshot.take().leakedSince(before);
        assertTrue(leaked.isEmpty(), "fds left open after close: " + leaked);
    }

    // ------------------------------------------------------------------ helpers

    static void concurrentEchoes(Server server, int clients, int messages) throws Exception {
        ExecutorService exec = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int seed = c;
                all.add(exec.submit(() -> {
                    try (Socket s = connect(server)) {
                        for (int m = 0; m < messages; m++) {
                            byte[] sent = random(1 + (seed * 31 + m * 977) % 3000, seed * 1000 + m);
                            assertArrayEquals(sent, echo(s, sent));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            exec.shutdownNow();
        }
    }

    static Socket connect(Server server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(server.address().getAddress(), server.port()), 5_000);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Sends {@code data} (from another thread, so a large message cannot deadlock) and reads as much back. */
    static byte[] echo(Socket s, byte[] data) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(data);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the read below fails then
            }
        });
        writer.start();
        byte[] back = s.getInputStream().readNBytes(data.length);
        writer.join();
        return back;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String readAscii(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(in.readNBytes(n));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("timed out after " + out, e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
