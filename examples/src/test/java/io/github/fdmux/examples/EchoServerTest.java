package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's echo server over loopback, on every backend and mode available here. */
class EchoServerTest {
    private static final int CLIENTS = 8;
    /** Much more than the server's 4 KiB buffer: partial writes and backpressure happen. */
    private static final int BYTES_PER_CLIENT = 512 * 1024;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.fdmux.examples.Available#backendModes")
    void echoesEveryByteToManyClients(Backend backend, Mode mode) throws Exception {
        try (EchoServer server = EchoServer.start(Pollers.open(backend), mode, 4096, Duration.ZERO)) {
            echoToClients(server.address());
            assertNull(server.failure(), "event loop failure");
            awaitOpen(server, 0);
        }
    }

    @ParameterizedTest(name = "{0} {1} with 3 workers")
    @MethodSource("io.github.fdmux.examples.Available#backendOneshotModes")
    void oneshotHandsEachConnectionToOneWorkerAtATime(Backend backend, Mode mode) throws Exception {
        try (EchoServer server = EchoServer.start(Pollers.open(backend), mode, 4096, Duration.ZERO, 3)) {
            echoToClients(server.address());
            assertNull(server.failure(), "event loop failure");
            awaitOpen(server, 0);
        }
    }

    @Test
    void workersNeedAOneshotMode() throws IOException {
        try (Poller poller = Pollers.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EchoServer.start(poller, Mode.LEVEL, 4096, Duration.ZERO, 2));
            assertTrue(e.getMessage().contains("oneshot"), e.getMessage());
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (EchoServer server = EchoServer.start(Pollers.open(), Mode.LEVEL, 4096, Duration.ofMillis(200));
             SocketChannel idle = SocketChannel.open(server.address())) {
            long start = System.nanoTime();
            assertEquals(-1, idle.read(ByteBuffer.allocate(16)), "the server closed the idle connection");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 150 && millis < 5_000, "closed after " + millis + " ms");
            assertEquals(1, server.idleClosed());
            awaitOpen(server, 0);
        }
    }

    /** Every client writes on one thread and reads on another (a client that only wrote would deadlock). */
    private static void echoToClients(InetSocketAddress address) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
        ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    byte[] data = new byte[BYTES_PER_CLIENT];
                    new Random(c).nextBytes(data);
                    SocketChannel client = SocketChannel.open(address);
                    clients.add(client);
                    sent.add(data);
                    Future<?> writing = writers.submit(() -> {
                        client.write(ByteBuffer.wrap(data));
                        client.shutdownOutput();
                        return null;
                    });
                    echoes.add(CompletableFuture.supplyAsync(() -> readAll(client, writing), readers));
                }
                for (int c = 0; c < CLIENTS; c++) {
                    assertArrayEquals(sent.get(c), echoes.get(c).get(60, TimeUnit.SECONDS), "client " + c);
                }
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        } finally {
            writers.shutdownNow();
            readers.shutdownNow();
        }
    }

    private static byte[] readAll(SocketChannel client, Future<?> writing) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            while (client.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            writing.get(60, TimeUnit.SECONDS);
            return all.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitOpen(EchoServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.openConnections(), "connections still open on the server");
    }
}
