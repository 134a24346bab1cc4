/**
 * The KQUEUE backend. Opened through {@link io.github.fdmux.Pollers}; its package is exported only
 * for JNR-FFI, which implements the library interfaces in a class loader of its own.
 */
module io.github.fdmux.kqueue {
    // unix's API is made of the api's and JNR-FFI's types, so it requires them transitively: reading
    // unix reads them too.
    requires io.github.fdmux.unix;

    exports io.github.fdmux.kqueue;

    provides io.github.fdmux.spi.BackendProvider with io.github.fdmux.kqueue.KqueueBackendProvider;
}
