package io.github.fdmux.examples;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * The same small echo loop twice, once on a JDK {@link Selector} and once on a fdmux {@link Poller},
 * line for line, for docs/migrating-from-nio.md. NioIdiomsTest runs both against the same client.
 * Both write back naively (a partial write leaves the rest in the buffer until the next read);
 * {@link EchoServer} is the complete version.
 */
public final class NioIdioms {
    private NioIdioms() {
    }

    /**
     * Echoes on a Selector until {@code running} turns false.
     *
     * @param server a bound listener
     * @param running checked after every select
     * @throws IOException if the selector or a channel fails
     */
    public static void selectorLoop(ServerSocketChannel server, BooleanSupplier running) throws IOException {
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, null);
            while (running.getAsBoolean()) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isAcceptable()) {
                        SocketChannel c = server.accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(1024));
                        }
                    } else if (key.isReadable()) {
                        SocketChannel c = (SocketChannel) key.channel();
                        ByteBuffer buf = (ByteBuffer) key.attachment();
                        if (c.read(buf) < 0) {
                            key.cancel();
                            c.close();
                            continue;
                        }
                        buf.flip();
                        c.write(buf);
                        buf.compact();
                    }
                }
            }
        }
    }

    /**
     * The same loop on a poller (LEVEL, like a Selector) of the automatically chosen backend.
     *
     * @param server a bound listener
     * @param running checked after every poll
     * @throws IOException if the poller or a channel fails
     */
    public static void pollerLoop(ServerSocketChannel server, BooleanSupplier running) throws IOException {
        try (Poller poller = Pollers.open()) {
            server.configureBlocking(false);
            poller.register(server, Interest.READ, Mode.LEVEL, null);
            ReadyEvents events = new ReadyEvents(64);
            while (running.getAsBoolean()) {
                int n = poller.poll(events, 100);
                for (int i = 0; i < n; i++) {
                    Registration key = events.registration(i);
                    if (key.channel() == server) {
                        SocketChannel c = server.accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            poller.register(c, Interest.READ, Mode.LEVEL, ByteBuffer.allocate(1024));
                        }
                    } else if (events.isReadable(i)) {
                        SocketChannel c = (SocketChannel) key.channel();
                        ByteBuffer buf = (ByteBuffer) key.attachment();
                        if (c.read(buf) < 0) {
                            key.cancel();
                            c.close();
                            continue;
                        }
                        buf.flip();
                        c.write(buf);
                        buf.compact();
                    }
                }
            }
        }
    }
}
