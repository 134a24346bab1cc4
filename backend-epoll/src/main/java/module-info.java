/**
 * The EPOLL backend. Opened through {@link io.github.fdmux.Pollers}; its package is exported only
 * for JNR-FFI, which implements the library interfaces in a class loader of its own.
 */
module io.github.fdmux.epoll {
    requires io.github.fdmux.api;
    requires io.github.fdmux.unix;
    requires org.jnrproject.ffi;

    exports io.github.fdmux.epoll;

    provides io.github.fdmux.spi.BackendProvider with io.github.fdmux.epoll.EpollBackendProvider;
}
