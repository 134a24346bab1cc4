/**
 * The fdmux API: {@link io.github.fdmux.Poller}, its value types and errors, and the backend SPI.
 * Backends are found with {@link java.util.ServiceLoader} ({@code uses}): on the module path each
 * backend module {@code provides} a {@link io.github.fdmux.spi.BackendProvider}, on the class path
 * its {@code META-INF/services} entry does the same.
 */
module io.github.fdmux.api {
    requires jdk.unsupported; // sun.misc.Signal: the JVM's signal handlers, for signal sources
    exports io.github.fdmux;
    exports io.github.fdmux.spi;

    uses io.github.fdmux.spi.BackendProvider;
}
