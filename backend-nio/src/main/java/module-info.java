/**
 * The NIO backend: {@link java.nio.channels.Selector}, pure Java, no native code.
 * {@link io.github.fdmux.nio.NioPollers} opens it over any {@link java.nio.channels.spi.SelectorProvider}.
 */
module io.github.fdmux.nio {
    requires transitive io.github.fdmux.api;

    exports io.github.fdmux.nio;

    provides io.github.fdmux.spi.BackendProvider with io.github.fdmux.nio.NioBackendProvider;
}
