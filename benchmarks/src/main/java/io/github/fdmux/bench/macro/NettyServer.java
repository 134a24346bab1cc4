package io.github.fdmux.bench.macro;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Netty 4.2 servers, one event loop thread (it accepts too), the way Netty's own examples write
 * them: echo ({@code channelRead} writes, {@code channelReadComplete} flushes) or, with
 * {@code --http}, the HTTP "hello world" of Netty's examples ({@link HttpServerCodec} and a
 * keep-alive {@code 200 hello}). Transport {@code epoll} (the JNI native transport; Netty 4.2 is
 * always level-triggered, its EPOLL_MODE option is a deprecated no-op) or {@code nio}.
 * Prints {@code listening on 127.0.0.1:PORT}; runs until killed.
 */
public final class NettyServer {
    private NettyServer() {
    }

    /**
     * @param args {@code epoll|nio [--http] [port]}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "epoll";
        boolean http = false;
        int port = 0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--http")) {
                http = true;
            } else {
                port = Integer.parseInt(args[i]);
            }
        }
        IoHandlerFactory factory;
        Class<? extends ServerChannel> serverChannel;
        if (transport.equals("epoll")) {
            Epoll.ensureAvailability();
            factory = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
        } else {
            factory = NioIoHandler.newFactory();
            serverChannel = NioServerSocketChannel.class;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        boolean isHttp = http;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (isHttp) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                        } else {
                            ch.pipeline().addLast(EchoHandler.INSTANCE);
                        }
                    }
                });
        Channel ch = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) ch.localAddress()).getPort());
        System.out.flush();
        ch.closeFuture().sync();
    }

    /** What both examples do after reading: flush the batch written; close on any error. */
    abstract static class FlushingHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Netty's echo example. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends FlushingHandler {
        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }
    }

    /** Netty's HTTP hello-world example: 200 "hello", keep-alive unless the request says close. */
    static final class HelloHandler extends FlushingHandler {
        private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer().writeBytes("hello".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                HttpRequest req = (HttpRequest) msg;
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        HELLO.duplicate());
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, HELLO.readableBytes());
                if (keepAlive) {
                    ctx.write(res);
                } else {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.write(res).addListener(ChannelFutureListener.CLOSE);
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
