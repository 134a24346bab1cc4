package io.github.fdmux.nio;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Support;
import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens NIO pollers: a {@link Poller} over a {@link java.nio.channels.Selector}, the backend that
 * runs wherever the JDK does. {@link io.github.fdmux.Pollers#open(Backend) Pollers.open(Backend.NIO)}
 * gives one on the default {@link SelectorProvider}; {@link #open(SelectorProvider)} takes any other,
 * e.g. the JDK's {@code sun.nio.ch.PollSelectorProvider}.
 *
 * <p>What a NIO poller is, compared with the native backends:
 * <ul>
 *   <li><b>Channels only.</b> Registering a raw fd throws {@link UnsupportedOperationException};
 *       {@link io.github.fdmux.Registration#fd()} and {@link io.github.fdmux.ReadyEvents#fd(int)} are -1.
 *       Channels must come from a provider whose selector accepts them (the JDK's own providers
 *       accept each other's channels).</li>
 *   <li><b>Modes.</b> LEVEL is native; ONESHOT is emulated by setting the key's interest ops to 0
 *       after delivery; EDGE and EDGE_ONESHOT are unsupported.</li>
 *   <li><b>Readiness.</b> An event is only ever {@code readable} (OP_READ or OP_ACCEPT) and/or
 *       {@code writable} (OP_WRITE or OP_CONNECT); {@code readClosed}, {@code writeClosed} and
 *       {@code error} are never set. A Selector reports the peer's FIN as readable; a reset, a pipe
 *       whose other end closed and a failed connect as every op of the interest set ready (readable
 *       for READ, writable for WRITE). The read or write that follows returns -1 or throws, which is
 *       how the application tells. A registration with no interest reports nothing, not even a
 *       reset.</li>
 *   <li><b>Connecting sockets.</b> WRITE on a SocketChannel that is not connected also asks for
 *       OP_CONNECT, so the completion of a pending connect is reported writable; call
 *       {@code finishConnect()} then, before expecting readable (the JDK reports OP_READ only on a
 *       connected channel).</li>
 *   <li><b>Closing.</b> A channel closed while registered keeps its fd until the selector next
 *       selects or is closed (the JDK defers the close); closing the poller releases it.</li>
 *   <li><b>Timeouts</b> have a resolution of 1 ms (rounded up, never early); interrupts neither end
 *       nor disturb a poll (as with the native backends) and the interrupt status is kept.</li>
 *   <li><b>Allocation.</b> fdmux allocates nothing per poll, but the JDK's epoll, kqueue and Windows
 *       selectors look keys up in a {@code HashMap<Integer, ...>}: each ready fd above 127 costs a 16-byte
 *       {@code Integer} per select (measured: 0 bytes per 10,000 polls with
 *       {@code -XX:AutoBoxCacheMax=65536}, 16 bytes per ready key without it).
 *       {@code sun.nio.ch.PollSelectorProvider} allocates nothing at all.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class NioPollers {
    private static final Capabilities CAPABILITIES = Capabilities.builder(Backend.NIO)
            .mode(Mode.LEVEL, Support.NATIVE)
            .mode(Mode.ONESHOT, Support.EMULATED)
            .mode(Mode.EDGE, Support.UNSUPPORTED)
            .mode(Mode.EDGE_ONESHOT, Support.UNSUPPORTED)
            .rawFds(false)
            .exclusiveWakeups(false)
            .regularFiles(false)
            .timeoutResolution(Duration.ofMillis(1))
            .fdLimit(-1)
            .wakeupMechanism("Selector.wakeup")
            .build();

    private NioPollers() {
    }

    /** {@return what every NIO poller can do, whatever its provider} */
    public static Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Opens a poller on the default provider, {@link SelectorProvider#provider()}.
     *
     * @return a new poller
     * @throws IOException if the selector cannot be opened
     */
    public static Poller open() throws IOException {
        return open(SelectorProvider.provider());
    }

    /**
     * Opens a poller on a selector of the given provider.
     *
     * @param provider the provider whose {@link SelectorProvider#openSelector()} to use
     * @return a new poller
     * @throws IOException if the selector cannot be opened
     * @throws NullPointerException if {@code provider} is null
     */
    public static Poller open(SelectorProvider provider) throws IOException {
        Objects.requireNonNull(provider, "provider");
        return NioPoller.open(CAPABILITIES, "NioPollers.open with " + provider.getClass().getName(), provider);
    }
}
