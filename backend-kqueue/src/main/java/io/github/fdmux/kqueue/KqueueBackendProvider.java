package io.github.fdmux.kqueue;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/**
 * The KQUEUE backend, found by {@link java.util.ServiceLoader}: kqueue(2) and kevent(2) from libc
 * on macOS, FreeBSD 12+ and OpenBSD, or from the library named by the system property
 * {@code fdmux.kqueue.library} (libkqueue's {@code libkqueue.so} on Linux).
 */
public final class KqueueBackendProvider extends NativeBackendProvider<KqueueNative> {
    /** The system property naming a library with kqueue and kevent, e.g. a libkqueue build on Linux. */
    public static final String LIBRARY_PROPERTY = KqueueNative.LIBRARY_PROPERTY;

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public KqueueBackendProvider() {
        super(Backend.KQUEUE, KqueueNative::get, nat -> nat.availability, nat -> capabilities(nat.layout == null ? "" : nat.layout.variant),
                (nat, caps, reason) -> KqueuePoller.open(caps, reason, nat));
    }

    static Capabilities capabilities(String variant) {
        return Capabilities.builder(Backend.KQUEUE)
                .mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.EDGE, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.NATIVE)
                .mode(Mode.EDGE_ONESHOT, Support.NATIVE)
                .rawFds(true)
                .exclusiveWakeups(false)
                .regularFiles(true)
                .timeoutResolution(Duration.ofNanos(1))
                .fdLimit(-1)
                .wakeupMechanism("EVFILT_USER (a pipe where the kernel lacks it)")
                .variant(variant)
                .build();
    }
}
