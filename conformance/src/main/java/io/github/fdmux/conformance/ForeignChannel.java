package io.github.fdmux.conformance;

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
 * A selectable channel that is none of the JDK's channel classes and has no file descriptor behind
 * it: what a user might hand fdmux from a third-party library. By default of a provider of its own;
 * {@link #ForeignChannel(SelectorProvider)} makes one of another provider (e.g. the JDK's, whose
 * Selector then refuses it).
 */
public final class ForeignChannel extends AbstractSelectableChannel {
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

    /**
     * A non-blocking channel of a provider of its own.
     *
     * @throws IOException never, in practice
     */
    public ForeignChannel() throws IOException {
        this(PROVIDER);
    }

    /**
     * A non-blocking channel of {@code provider}.
     *
     * @param provider its provider
     * @throws IOException never, in practice
     */
    public ForeignChannel(SelectorProvider provider) throws IOException {
        super(provider);
        configureBlocking(false);
    }

    @Override
    protected void implCloseSelectableChannel() {
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
    }

    /** @return OP_READ */
    @Override
    public int validOps() {
        return SelectionKey.OP_READ;
    }
}
