package io.github.fdmux.kqueue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Support;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.spi.BackendProvider;
import java.io.IOException;
import java.time.Duration;

/**
 * The KQUEUE backend, found by {@link java.util.ServiceLoader}: kqueue(2) and kevent(2) from libc
 * on macOS, FreeBSD 12+ and OpenBSD, or from the library named by the system property
 * {@code fdmux.kqueue.library} (libkqueue's {@code libkqueue.so} on Linux).
 */
public final class KqueueBackendProvider implements BackendProvider {
    /** The system property naming a library with kqueue and kevent, e.g. a libkqueue build on Linux. */
    public static final String LIBRARY_PROPERTY = KqueueNative.LIBRARY_PROPERTY;

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public KqueueBackendProvider() {
    }

    @Override
    public Backend backend() {
        return Backend.KQUEUE;
    }

    @Override
    public Availability availability() {
        return KqueueNative.get().availability;
    }

    @Override
    public Capabilities capabilities() {
        KqueueNative nat = KqueueNative.get();
        return capabilities(nat.layout == null ? "" : nat.layout.variant);
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

    @Override
    public Poller open(String selectionReason) throws IOException {
        KqueueNative nat = KqueueNative.get();
        if (!nat.availability.available()) {
            throw new BackendUnavailableException(Backend.KQUEUE, "KQUEUE cannot be used here: "
                    + nat.availability.reason(), null);
        }
        return KqueuePoller.open(capabilities(nat.layout.variant), selectionReason, nat);
    }
}
