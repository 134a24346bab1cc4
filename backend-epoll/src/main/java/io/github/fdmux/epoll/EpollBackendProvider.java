package io.github.fdmux.epoll;

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

/** The EPOLL backend, found by {@link java.util.ServiceLoader}. */
public final class EpollBackendProvider implements BackendProvider {

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public EpollBackendProvider() {
    }

    @Override
    public Backend backend() {
        return Backend.EPOLL;
    }

    @Override
    public Availability availability() {
        return EpollNative.get().availability;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities(EpollNative.get());
    }

    static Capabilities capabilities(EpollNative nat) {
        return Capabilities.builder(Backend.EPOLL)
                .mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.EDGE, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.NATIVE)
                .mode(Mode.EDGE_ONESHOT, Support.NATIVE)
                .rawFds(true)
                .exclusiveWakeups(nat.exclusive)
                .regularFiles(false)
                .timeoutResolution(nat.pwait2 ? Duration.ofNanos(1) : Duration.ofMillis(1))
                .fdLimit(-1)
                .wakeupMechanism("eventfd (pipe where eventfd is refused)")
                .build();
    }

    @Override
    public Poller open(String selectionReason) throws IOException {
        EpollNative nat = EpollNative.get();
        if (!nat.availability.available()) {
            throw new BackendUnavailableException(Backend.EPOLL, "EPOLL cannot be used here: "
                    + nat.availability.reason(), null);
        }
        return EpollPoller.open(capabilities(nat), selectionReason, nat);
    }
}
