package io.github.fdmux.epoll;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.unix.LinuxSourceSupport;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/** The EPOLL backend, found by {@link java.util.ServiceLoader}. */
public final class EpollBackendProvider extends NativeBackendProvider<EpollNative> {

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public EpollBackendProvider() {
        super(Backend.EPOLL, EpollNative::get, EpollBackendProvider::capabilities,
                EpollPoller::open);
    }

    static Capabilities capabilities(EpollNative nat) {
        return everyModeNative(LinuxSourceSupport.declare(nativeCapabilities(Backend.EPOLL), true))
                .exclusiveWakeups(nat.exclusive())
                .regularFiles(false)
                .timeoutResolution(nat.pwait2() ? Duration.ofNanos(1) : Duration.ofMillis(1))
                .wakeupMechanism("eventfd (pipe where eventfd is refused)")
                .build();
    }
}
