package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Backend;
import io.github.fdmux.Pollers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Selector loop and its fdmux translation answer a client alike, on every backend. */
class NioIdiomsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void selectorLoopAndPollerLoopEchoAlike(Backend backend) throws Exception {
        assertEquals("hello, selector", echoThrough(false, "hello, selector"));
        String previous = System.getProperty(Pollers.BACKEND_PROPERTY);
        System.setProperty(Pollers.BACKEND_PROPERTY, backend.id());   // what Pollers.open() in pollerLoop takes
        try {
            assertEquals("hello, " + backend, echoThrough(true, "hello, " + backend));
        } finally {
            if (previous == null) {
                System.clearProperty(Pollers.BACKEND_PROPERTY);
            } else {
                System.setProperty(Pollers.BACKEND_PROPERTY, previous);
            }
        }
    }

    private static String echoThrough(boolean poller, String message) throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<?> done = loop.submit(() -> {
                if (poller) {
                    NioIdioms.pollerLoop(server, running::get);
                } else {
                    NioIdioms.selectorLoop(server, running::get);
                }
                return null;
            });
            String echoed;
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                client.write(ByteBuffer.wrap(bytes));
                ByteBuffer in = ByteBuffer.allocate(bytes.length);
                while (in.hasRemaining() && client.read(in) >= 0) {
                    // a blocking read: the loop answers
                }
                echoed = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            }
            Thread.sleep(300); // let the loop see the end of stream and close its side before it stops
            running.set(false);
            done.get(10, TimeUnit.SECONDS);
            return echoed;
        } finally {
            running.set(false);
            loop.shutdownNow();
        }
    }
}
