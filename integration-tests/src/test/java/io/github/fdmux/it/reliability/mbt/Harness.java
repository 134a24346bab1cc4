package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.ChannelFd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a sequence's steps on a real poller of one backend, over real socket pairs. The listeners
 * are shared by every sequence of the JVM (opened once); each harness opens and closes its own
 * pairs and poller. TCP pairs are closed with SO_LINGER 0 (a reset, no TIME_WAIT), so that 100,000
 * sequences do not exhaust the ephemeral ports.
 */
final class Harness implements AutoCloseable {
    private static ServerSocketChannel tcpListener;
    private static ServerSocketChannel unixListener;

    /** One pair and its latest registration. */
    static final class Slot {
        final SlotSpec.Kind kind;
        final SocketChannel local;
        final SocketChannel peer;
        final int localFd;
        Registration reg;
        boolean peerClosed;

        Slot(SlotSpec.Kind kind, SocketChannel local, SocketChannel peer) {
            this.kind = kind;
            this.local = local;
            this.peer = peer;
            this.localFd = ChannelFd.of(local);
        }
    }

    final Poller poller;
    final Slot[] slots;
    private final ReadyEvents events = new ReadyEvents(16);
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    Harness(Backend backend, Mode mode, List<SlotSpec> specs) throws IOException {
        slots = new Slot[specs.size()];
        Poller p = null;
        try {
            for (int i = 0; i < slots.length; i++) {
                slots[i] = pair(specs.get(i).kind());
            }
            p = Pollers.open(backend);
            for (int i = 0; i < slots.length; i++) {
                slots[i].reg = p.register(slots[i].local, specs.get(i).interest(), mode, i);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(p);
            throw e;
        }
        this.poller = p;
    }

    private static synchronized Slot pair(SlotSpec.Kind kind) throws IOException {
        ServerSocketChannel l;
        if (kind == SlotSpec.Kind.TCP) {
            if (tcpListener == null) {
                tcpListener = ServerSocketChannel.open();
                tcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            }
            l = tcpListener;
        } else {
            if (unixListener == null) {
                Path dir = Files.createTempDirectory("fdmux-mbt");
                Path path = dir.resolve("s");
                unixListener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                unixListener.bind(UnixDomainSocketAddress.of(path), 64);
                path.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            }
            l = unixListener;
        }
        SocketChannel peer = SocketChannel.open(l.getLocalAddress());
        SocketChannel local;
        try {
            local = l.accept();
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        if (kind == SlotSpec.Kind.TCP) {
            local.setOption(StandardSocketOptions.TCP_NODELAY, true);
            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        local.configureBlocking(false);
        peer.configureBlocking(false);
        return new Slot(kind, local, peer);
    }

    void write(int i, int n) throws IOException {
        ByteBuffer b = buffer.clear().limit(n);
        while (b.hasRemaining()) {
            if (slots[i].peer.write(b) == 0) {
                throw new IOException("the peer's send buffer is full after " + b.position() + " of " + n + " bytes");
            }
        }
    }

    /** @return bytes read (looping until {@code n} or nothing more), or -1 at end of stream with nothing read */
    int read(int i, int n) throws IOException {
        int total = 0;
        while (total < n) {
            int r = slots[i].local.read(buffer.clear().limit(n - total));
            if (r < 0) {
                return total == 0 ? -1 : total;
            }
            if (r == 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    void shutdownPeer(int i) throws IOException {
        slots[i].peer.shutdownOutput();
    }

    void closePeer(int i) throws IOException {
        slots[i].peer.close();
        slots[i].peerClosed = true;
    }

    /** Loopback TCP: waits until the kernel has what the model says (see {@link KernelProbe}). */
    void settle(int i, int bytes, boolean fin) {
        if (slots[i].kind == SlotSpec.Kind.TCP) {
            KernelProbe.settle(slots[i].localFd, bytes, fin);
        }
    }

    String modify(int i, Interest interest) {
        return outcome(() -> slots[i].reg.modify(interest));
    }

    String rearm(int i) {
        return outcome(() -> slots[i].reg.rearm());
    }

    boolean cancel(int i) {
        return slots[i].reg.cancel();
    }

    String register(int i, Interest interest, Mode mode) {
        return outcome(() -> slots[i].reg = poller.register(slots[i].local, interest, mode, i));
    }

    /** An action on the poller or a socket, which may fail. */
    @FunctionalInterface
    interface Call {
        void run() throws IOException;
    }

    private static String outcome(Call call) {
        try {
            call.run();
            return "ok";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** @return the events of one pollNow */
    ReadyEvents poll() throws IOException {
        poller.pollNow(events);
        return events;
    }

    @Override
    public void close() throws IOException {
        closeAll(poller);
    }

    private void closeAll(Poller p) throws IOException {
        IOException first = null;
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (Slot s : slots) {
            if (s == null) {
                continue;
            }
            for (SocketChannel ch : new SocketChannel[] {s.local, s.peer}) {
                try {
                    if (ch.isOpen() && s.kind == SlotSpec.Kind.TCP) {
                        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                    ch.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
