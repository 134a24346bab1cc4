package io.github.fdmux.it.reliability;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * A selectable channel of a provider other than the JDK's, with no file descriptor behind it:
 * what a user might hand fdmux from a third-party library.
 */
final class ForeignChannel extends AbstractSelectableChannel {
    private static final SelectorProvider PROVIDER = new SelectorProvider() {
        @Override
        public DatagramChannel openDatagramChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DatagramChannel openDatagramChannel(ProtocolFamily family) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Pipe openPipe() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AbstractSelector openSelector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel openSocketChannel() {
            throw new UnsupportedOperationException();
        }
    };

    ForeignChannel() throws IOException {
        super(PROVIDER);
        configureBlocking(false);
    }

    @Override
    protected void implCloseSelectableChannel() {
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
    }

    @Override
    public int validOps() {
        return SelectionKey.OP_READ;
    }
}
