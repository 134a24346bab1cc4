package io.github.fdmux.iouring;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.unix.LinuxSourceSupport;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/**
 * The IO_URING backend, found by {@link java.util.ServiceLoader}: io_uring used for readiness
 * (IORING_OP_POLL_ADD). Never chosen automatically; open it by name. See docs/backends/io_uring.md.
 */
public final class IoUringBackendProvider extends NativeBackendProvider<IoUringNative> {
    /** The {@link Capabilities#variant()} of a kernel without multishot poll (before Linux 5.13): no EDGE. */
    public static final String NO_MULTISHOT = "no-multishot";

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public IoUringBackendProvider() {
        super(Backend.IO_URING, IoUringNative::get, IoUringBackendProvider::capabilities,
                IoUringPoller::open);
    }

    static Capabilities capabilities(IoUringNative nat) {
        return LinuxSourceSupport.declare(nativeCapabilities(Backend.IO_URING), true)
                .mode(Mode.LEVEL, Support.EMULATED)
                .mode(Mode.EDGE, nat.multishot() ? Support.NATIVE : Support.UNSUPPORTED)
                .mode(Mode.ONESHOT, Support.NATIVE)
                .mode(Mode.EDGE_ONESHOT, Support.NATIVE)
                .regularFiles(true)
                .timeoutResolution(Duration.ofNanos(1))
                .wakeupMechanism("eventfd polled through the ring (pipe where eventfd is refused)")
                .variant(nat.multishot() ? "" : NO_MULTISHOT)
                .build();
    }
}
