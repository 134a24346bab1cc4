/**
 * The KQUEUE backend. Opened through {@link io.github.fdmux.Pollers}; its package is exported only
 * for JNR-FFI, which implements the library interfaces in a class loader of its own.
 */
module io.github.fdmux.kqueue {
    requires io.github.fdmux.api;
    requires io.github.fdmux.unix;
    requires org.jnrproject.ffi;

    exports io.github.fdmux.kqueue;

    provides io.github.fdmux.spi.BackendProvider with io.github.fdmux.kqueue.KqueueBackendProvider;
}
