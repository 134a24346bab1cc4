package io.github.fdmux.bench.macro;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The echo server a Java programmer writes on the JDK Selector, the idiomatic way: one thread,
 * {@code select()}, iterate {@code selectedKeys()} removing each key, a direct buffer attached to
 * each key, OP_WRITE only while an echo is pending (and no reading meanwhile). Prints
 * {@code listening on 127.0.0.1:PORT}; runs until killed.
 */
public final class JdkSelectorEchoServer {
    private JdkSelectorEchoServer() {
    }

    /**
     * @param args optional port (default 0, ephemeral)
     * @throws IOException if the server cannot start
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
        System.out.flush();
        while (true) {
            selector.select();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                try {
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(16384));
                        }
                        continue;
                    }
                    SocketChannel c = (SocketChannel) key.channel();
                    ByteBuffer buf = (ByteBuffer) key.attachment();
                    if (key.isReadable()) {
                        if (c.read(buf) < 0) {
                            key.cancel();
                            c.close();
                            continue;
                        }
                    }
                    buf.flip();
                    c.write(buf);
                    if (buf.hasRemaining()) {
                        buf.compact();
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else {
                        buf.clear();
                        if (key.interestOps() != SelectionKey.OP_READ) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                } catch (IOException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }
}
