/**
 * The IO_URING backend. Opened through {@link io.github.fdmux.Pollers}; its package is exported only
 * for JNR-FFI, which implements the library interface in a class loader of its own.
 */
module io.github.fdmux.iouring {
    requires io.github.fdmux.api;
    requires io.github.fdmux.unix;
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;

    exports io.github.fdmux.iouring;

    provides io.github.fdmux.spi.BackendProvider with io.github.fdmux.iouring.IoUringBackendProvider;
}
