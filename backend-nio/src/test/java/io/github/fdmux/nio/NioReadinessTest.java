package io.github.fdmux.nio;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvents;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class NioReadinessTest {
    private static final int SOCKET = OP_READ | OP_WRITE | OP_CONNECT;
    private static final int LISTENER = OP_ACCEPT;
    private static final int SOURCE = OP_READ;
    private static final int SINK = OP_WRITE;

    @Test
    void readIsOpReadOrOpAcceptOnAListener() {
        assertEquals(OP_READ, NioReadiness.interestOps(Interest.READ, SOCKET, false));
        assertEquals(OP_ACCEPT, NioReadiness.interestOps(Interest.READ, LISTENER, false));
        assertEquals(OP_READ, NioReadiness.interestOps(Interest.READ, SOURCE, false));
    }

    @Test
    void writeAddsOpConnectOnlyWhileNotConnected() {
        assertEquals(OP_WRITE, NioReadiness.interestOps(Interest.WRITE, SOCKET, false));
        assertEquals(OP_WRITE | OP_CONNECT, NioReadiness.interestOps(Interest.WRITE, SOCKET, true));
        assertEquals(OP_READ | OP_WRITE | OP_CONNECT, NioReadiness.interestOps(Interest.READ_WRITE, SOCKET, true));
        assertEquals(OP_READ | OP_WRITE, NioReadiness.interestOps(Interest.READ_WRITE, SOCKET, false));
    }

    @Test
    void opsTheChannelDoesNotHaveAreDropped() {
        assertEquals(0, NioReadiness.interestOps(Interest.READ, SINK, false));
        assertEquals(OP_WRITE, NioReadiness.interestOps(Interest.READ_WRITE, SINK, false));
        assertEquals(0, NioReadiness.interestOps(Interest.WRITE, SOURCE, false));
        assertEquals(OP_ACCEPT, NioReadiness.interestOps(Interest.READ_WRITE, LISTENER, false));
        assertEquals(0, NioReadiness.interestOps(Interest.NONE, SOCKET, true));
    }

    @Test
    void channelKindsAreRecognised() throws Exception {
        try (ServerSocketChannel l = ServerSocketChannel.open(); SocketChannel s = SocketChannel.open();
             DatagramChannel d = DatagramChannel.open()) {
            assertEquals(OP_ACCEPT, NioReadiness.interestOps(Interest.READ_WRITE, l));
            assertEquals(OP_READ | OP_WRITE | OP_CONNECT, NioReadiness.interestOps(Interest.READ_WRITE, s),
                    "an unconnected socket also waits for OP_CONNECT");
            assertEquals(OP_READ | OP_WRITE, NioReadiness.interestOps(Interest.READ_WRITE, d),
                    "a DatagramChannel has no OP_CONNECT");
        }
        Pipe p = Pipe.open();
        try {
            assertEquals(OP_READ, NioReadiness.interestOps(Interest.READ_WRITE, p.source()));
            assertEquals(OP_WRITE, NioReadiness.interestOps(Interest.READ_WRITE, p.sink()));
        } finally {
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void readyOpsMapToReadableAndWritableOnly() {
        assertEquals(0, NioReadiness.readyOps(0));
        assertEquals(ReadyEvents.READABLE, NioReadiness.readyOps(OP_READ));
        assertEquals(ReadyEvents.READABLE, NioReadiness.readyOps(OP_ACCEPT));
        assertEquals(ReadyEvents.WRITABLE, NioReadiness.readyOps(OP_WRITE));
        assertEquals(ReadyEvents.WRITABLE, NioReadiness.readyOps(OP_CONNECT));
        assertEquals(ReadyEvents.READABLE | ReadyEvents.WRITABLE,
                NioReadiness.readyOps(OP_READ | OP_WRITE | OP_CONNECT | OP_ACCEPT));
    }
}
