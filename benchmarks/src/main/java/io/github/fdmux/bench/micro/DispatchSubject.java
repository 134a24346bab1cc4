package io.github.fdmux.bench.micro;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.epoll.EpollLibrary;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import jnr.enxio.channels.NativeSelectorProvider;
import jnr.enxio.channels.NativeSocketChannel;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One way of waiting for readiness, set up over a {@link ReadyFds}: one non-blocking poll, then a
 * visit of every event (its attachment and ready bits go to the blackhole), returning the count.
 */
abstract class DispatchSubject implements Closeable {

    /**
     * @param name EPOLL_LEVEL, EPOLL_EDGE, POLL, KQUEUE_LEVEL, KQUEUE_EDGE, IO_URING_LEVEL, IO_URING_EDGE, NIO, JDK_SELECTED_KEYS,
     *     JDK_SELECT_CONSUMER, ENXIO or RAW_EPOLL_JNR
     * @param fds the channels, every one registered for READ
     * @return the subject
     * @throws IOException if opening or registering fails
     */
    static DispatchSubject open(String name, ReadyFds fds) throws IOException {
        switch (name) {
            case "JDK_SELECTED_KEYS":
                return new SelectedKeys(Selector.open(), fds, false);
            case "JDK_SELECT_CONSUMER":
                return new SelectConsumer(fds);
            case "ENXIO":
                return new SelectedKeys(NativeSelectorProvider.getInstance().openSelector(), fds, true);
            case "RAW_EPOLL_JNR":
                return new RawEpoll(fds);
            default:
                return fdmux(name, fds);
        }
    }

    /** An fdmux subject named BACKEND_MODE (LEVEL or EDGE, e.g. IO_URING_EDGE), or BACKEND alone for LEVEL. */
    private static DispatchSubject fdmux(String name, ReadyFds fds) throws IOException {
        Mode mode = name.endsWith("_EDGE") ? Mode.EDGE : Mode.LEVEL;
        String backend = name.endsWith("_" + mode.name()) ? name.substring(0, name.length() - mode.name().length() - 1) : name;
        for (Backend b : Backend.values()) {
            if (b.name().equals(backend)) {
                return new Fdmux(b, mode, fds);
            }
        }
        throw new IllegalArgumentException("unknown subject " + name);
    }

    /**
     * @param bh where the visited events go
     * @return how many events the poll returned
     * @throws IOException if the poll fails
     */
    abstract int pollAndVisit(Blackhole bh) throws IOException;

    /** fdmux: {@code pollNow} into a reused {@link ReadyEvents}, then indexed reads. */
    static final class Fdmux extends DispatchSubject {
        final Poller poller;
        final ReadyEvents events = new ReadyEvents(256);

        Fdmux(Backend backend, Mode mode, ReadyFds fds) throws IOException {
            poller = Pollers.open(backend);
            try {
                for (int i = 0; i < fds.channels.length; i++) {
                    poller.register(fds.channels[i], Interest.READ, mode, fds.channels[i]);
                }
            } catch (IOException | RuntimeException e) {
                poller.close();
                throw e;
            }
        }

        @Override
        int pollAndVisit(Blackhole bh) throws IOException {
            int n = poller.pollNow(events);
            for (int i = 0; i < n; i++) {
                bh.consume(events.attachment(i));
                bh.consume(events.readyOps(i));
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            poller.close();
        }
    }

    /**
     * Registers every channel of {@code fds} for OP_READ, attached to itself; closes the selector if
     * one fails.
     *
     * @param enxio wrap each fd in a jnr-enxio channel (its selector takes only its own channel type)
     * @return the selector
     */
    static Selector registered(Selector selector, ReadyFds fds, boolean enxio) throws IOException {
        try {
            for (int i = 0; i < fds.channels.length; i++) {
                if (enxio) {
                    NativeSocketChannel c = new NativeSocketChannel(fds.fds[i], SelectionKey.OP_READ);
                    c.configureBlocking(false);
                    c.register(selector, SelectionKey.OP_READ, fds.channels[i]);
                } else {
                    fds.channels[i].register(selector, SelectionKey.OP_READ, fds.channels[i]);
                }
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        return selector;
    }

    /** The JDK's idiom: {@code selectNow()}, then iterate {@code selectedKeys()} removing each key. */
    static final class SelectedKeys extends DispatchSubject {
        final Selector selector;

        SelectedKeys(Selector selector, ReadyFds fds, boolean enxio) throws IOException {
            this.selector = registered(selector, fds, enxio);
        }

        @Override
        int pollAndVisit(Blackhole bh) throws IOException {
            selector.selectNow();
            Set<SelectionKey> keys = selector.selectedKeys();
            int n = 0;
            for (Iterator<SelectionKey> it = keys.iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                bh.consume(k.attachment());
                bh.consume(k.readyOps());
                n++;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            selector.close(); // deregisters; the fds belong to ReadyFds (enxio's wrappers are not closed)
        }
    }

    /** The JDK 11+ form: {@code selectNow(Consumer)}, no selected-key set, no iterator. */
    static final class SelectConsumer extends DispatchSubject {
        final Selector selector;
        private Blackhole bh;
        private final Consumer<SelectionKey> visit = k -> {
            bh.consume(k.attachment());
            bh.consume(k.readyOps());
        };

        SelectConsumer(ReadyFds fds) throws IOException {
            selector = registered(Selector.open(), fds, false);
        }

        @Override
        int pollAndVisit(Blackhole bh) throws IOException {
            this.bh = bh;
            return selector.selectNow(visit);
        }

        @Override
        public void close() throws IOException {
            selector.close();
        }
    }

    /**
     * The floor under fdmux EPOLL: the same epoll_wait through JNR on a bare epoll fd (LEVEL,
     * {@code data} = the fd's index), visiting only the raw {@code data} and {@code events}, with no
     * registration table, no decoding, no locks. What fdmux EPOLL adds to it is fdmux's own cost.
     */
    static final class RawEpoll extends DispatchSubject {
        private static final int EPOLLIN = 0x001;
        private static final int EVENT_SIZE = 12; // x86_64: packed struct epoll_event
        final EpollLibrary lib = LibraryLoader.create(EpollLibrary.class)
                .load(Platform.getNativePlatform().getStandardCLibraryName());
        final int epfd;
        final NativeBuffer buf = NativeBuffer.allocate(256L * EVENT_SIZE);
        final Pointer events = buf.pointer();

        RawEpoll(ReadyFds fds) throws IOException {
            if (!System.getProperty("os.arch").equals("amd64")) {
                throw new UnsupportedOperationException("RAW_EPOLL_JNR assumes x86_64's packed epoll_event");
            }
            epfd = lib.epoll_create1(0);
            if (epfd < 0) {
                throw Native.exception("epoll_create1", -1, Native.errno());
            }
            NativeBuffer one = NativeBuffer.allocate(EVENT_SIZE);
            try {
                for (int i = 0; i < fds.fds.length; i++) {
                    one.pointer().putInt(0, EPOLLIN);
                    one.pointer().putLong(4, i);
                    if (lib.epoll_ctl(epfd, 1 /* EPOLL_CTL_ADD */, fds.fds[i], one.pointer()) < 0) {
                        throw Native.exception("epoll_ctl", fds.fds[i],
                                Native.errno());
                    }
                }
            } finally {
                one.free();
            }
        }

        @Override
        int pollAndVisit(Blackhole bh) throws IOException {
            int n = lib.epoll_wait(epfd, events, 256, 0);
            for (int i = 0; i < n; i++) {
                bh.consume(events.getLong(i * EVENT_SIZE + 4));
                bh.consume(events.getInt(i * EVENT_SIZE));
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            Native.close(epfd);
            buf.free();
        }
    }
}
