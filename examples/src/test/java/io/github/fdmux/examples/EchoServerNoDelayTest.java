package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The guide's echo server sets TCP_NODELAY: a 10 KB request/response exchange through its 4 KiB buffer
 * goes out in several writes, and with Nagle's algorithm each write after the first waits for the ACK of
 * the previous one, which the client delays (it is waiting for the whole reply): about 40 ms per round
 * trip on Linux instead of well under one.
 */
class EchoServerNoDelayTest {
    private static final int SIZE = 10 * 1024;
    private static final int ROUND_TRIPS = 25;

    @Test
    void aTenKilobytePingPongDoesNotWaitForDelayedAcks() throws Exception {
        try (EchoServer server = EchoServer.start(Pollers.open(), Mode.LEVEL, 4096, Duration.ZERO);
             SocketChannel client = SocketChannel.open(server.address())) {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true); // only the server's side is under test
            long[] nanos = new long[ROUND_TRIPS];
            ByteBuffer out = ByteBuffer.allocate(SIZE);
            ByteBuffer in = ByteBuffer.allocate(SIZE);
            for (int i = 0; i < ROUND_TRIPS; i++) {
                long start = System.nanoTime();
                out.clear();
                while (out.hasRemaining()) {
                    client.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    if (client.read(in) < 0) {
                        throw new IOException("the server closed the connection");
                    }
                }
                nanos[i] = System.nanoTime() - start;
            }
            assertNull(server.failure());
            Arrays.sort(nanos);
            long medianMicros = nanos[ROUND_TRIPS / 2] / 1000;
            // Delayed ACKs cost 40 ms (Linux's minimum) to 200 ms; a round trip without them takes well under 1 ms.
            assertTrue(medianMicros < 20_000, "median round trip " + medianMicros + " µs: the replies wait for delayed ACKs");
        }
    }
}
