package io.github.fdmux.nio;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/** The two pure functions between fdmux's model and the {@link java.nio.channels.SelectionKey} op bits. */
final class NioReadiness {
    private NioReadiness() {
    }

    /**
     * The interest ops for a channel.
     *
     * <ul>
     *   <li>READ is OP_READ, or OP_ACCEPT on a channel whose only read-like op is accept
     *       (ServerSocketChannel);</li>
     *   <li>WRITE is OP_WRITE, plus OP_CONNECT while a SocketChannel is not connected: the JDK reports
     *       OP_WRITE only once {@code finishConnect()} has succeeded (SocketChannelImpl.translateReadyOps
     *       checks {@code isConnected()}), so without OP_CONNECT a completed connect would be ready in
     *       the kernel, invisible to the key, and the select would return at once, empty, forever.
     *       It is added for a channel not yet connecting too, so that one registered before
     *       {@code connect()} still learns of the completion;</li>
     *   <li>ops the channel does not have (READ on a pipe's sink, WRITE on a listener) are dropped, as
     *       the kernel would never report them either.</li>
     * </ul>
     *
     * @param interest what the user waits for
     * @param validOps {@code channel.validOps()}
     * @param notConnected true for a SocketChannel that is not (yet) connected
     * @return SelectionKey interest ops
     */
    static int interestOps(Interest interest, int validOps, boolean notConnected) {
        int ops = 0;
        if (interest.isReadable()) {
            ops |= (validOps & OP_READ) != 0 ? OP_READ : OP_ACCEPT;
        }
        if (interest.isWritable()) {
            ops |= OP_WRITE;
            if (notConnected) {
                ops |= OP_CONNECT;
            }
        }
        return ops & validOps;
    }

    /**
     * @param interest what the user waits for
     * @param channel the registered channel
     * @return SelectionKey interest ops for it now
     */
    static int interestOps(Interest interest, SelectableChannel channel) {
        boolean notConnected = channel instanceof SocketChannel && !((SocketChannel) channel).isConnected();
        return interestOps(interest, channel.validOps(), notConnected);
    }

    /**
     * Maps a key's ready ops to fdmux readiness bits: OP_READ and OP_ACCEPT are readable, OP_WRITE and
     * OP_CONNECT writable. Nothing else can be said: a Selector reports EOF, a reset, a pipe whose other
     * end closed and a failed connect only by marking every op of the key's interest set ready
     * (SocketChannelImpl / SourceChannelImpl / SinkChannelImpl.translateReadyOps on POLLERR or POLLHUP),
     * so {@code readClosed}, {@code writeClosed} and {@code error} are never set: the read or write that
     * follows returns -1 or throws.
     *
     * @param readyOps {@code SelectionKey.readyOps()}
     * @return fdmux readiness bits
     */
    static int readyOps(int readyOps) {
        int ops = 0;
        if ((readyOps & (OP_READ | OP_ACCEPT)) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if ((readyOps & (OP_WRITE | OP_CONNECT)) != 0) {
            ops |= ReadyEvents.WRITABLE;
        }
        return ops;
    }
}
