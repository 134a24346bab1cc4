package io.github.fdmux.epoll;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.unix.LinuxSourceSupport;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/** The EPOLL backend, found by {@link java.util.ServiceLoader}. */
public final class EpollBackendProvider extends NativeBackendProvider<EpollNative> {

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public EpollBackendProvider() {
        super(Backend.EPOLL, EpollNative::get, nat -> nat.availability, EpollBackendProvider::capabilities,
                (nat, caps, reason) -> EpollPoller.open(caps, reason, nat));
    }

    static Capabilities capabilities(EpollNative nat) {
        return LinuxSourceSupport.declare(Capabilities.builder(Backend.EPOLL), true)
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
}
