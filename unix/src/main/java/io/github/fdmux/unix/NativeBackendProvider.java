package io.github.fdmux.unix;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.Support;
import io.github.fdmux.spi.BackendProvider;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The provider of a native backend: everything comes from one cached probe of the system
 * ({@link ProbeCache}), and {@link #open} refuses, naming the reason, when that probe says the
 * backend cannot run here. A backend supplies the probe, the capabilities it implies, and how to
 * open a poller, to the constructor.
 *
 * @param <N> the backend's probe result (its binding and what the kernel offers)
 */
public abstract class NativeBackendProvider<N extends NativeBackendProvider.Probe> implements BackendProvider {
    /** What a backend's probe of this system found: its binding, what the kernel offers, and this. */
    public interface Probe {
        /** {@return whether the backend can run here, and why} */
        Availability availability();
    }

    /** Opens a poller on an available probe. */
    @FunctionalInterface
    public interface Opener<N> {
        /**
         * @param capabilities what the probe says a poller can do
         * @param selectionReason why the backend was chosen
         * @param probe a probe result that says available
         * @return the poller
         * @throws IOException if its kernel objects cannot be made
         */
        Poller open(Capabilities capabilities, String selectionReason, N probe) throws IOException;
    }

    private final Backend backend;
    private final Supplier<N> probe;
    private final Function<N, Capabilities> capabilities;
    private final Opener<N> opener;

    /**
     * @param backend which backend this provides
     * @param probe the (cached) probe of this system
     * @param capabilities what a poller would be able to do with a probe result
     * @param opener opens a poller
     */
    protected NativeBackendProvider(Backend backend, Supplier<N> probe, Function<N, Capabilities> capabilities,
            Opener<N> opener) {
        this.backend = backend;
        this.probe = probe;
        this.capabilities = capabilities;
        this.opener = opener;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final Availability availability() {
        return probe.get().availability();
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities.apply(probe.get());
    }

    @Override
    public final Poller open(String selectionReason) throws IOException {
        N p = probe.get();
        Availability a = p.availability();
        if (!a.available()) {
            throw new BackendUnavailableException(backend, backend + " cannot be used here: " + a.reason(), null);
        }
        return opener.open(capabilities.apply(p), selectionReason, p);
    }

    /**
     * {@return a builder of a native backend's capabilities with what every one of them answers
     * alike} Raw fds are accepted (the backends watch fd numbers), the backend sets no fd limit of its
     * own ({@code fdLimit} -1) and offers no exclusive wakeups; a backend that does otherwise says so
     * after this.
     *
     * @param backend the backend
     */
    protected static Capabilities.Builder nativeCapabilities(Backend backend) {
        return Capabilities.builder(backend).rawFds(true).fdLimit(-1).exclusiveWakeups(false);
    }

    /**
     * {@return {@code builder} with every mode native} For a kernel interface with edge triggering and
     * oneshot delivery of its own (epoll's EPOLLET and EPOLLONESHOT, kqueue's EV_CLEAR and EV_DISPATCH).
     *
     * @param builder the backend's capabilities
     */
    protected static Capabilities.Builder everyModeNative(Capabilities.Builder builder) {
        return builder.mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.EDGE, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.NATIVE)
                .mode(Mode.EDGE_ONESHOT, Support.NATIVE);
    }

    /**
     * {@return the capabilities a backend over an interface that scans every fd it is given on every
     * call (poll(2), select(2)) shares} LEVEL native; ONESHOT emulated (the entry is disarmed after its
     * event until {@code rearm()} or {@code modify()}); EDGE and EDGE_ONESHOT unsupported (no edge
     * trigger); regular files accepted (reported always ready); the wakeup of {@link Wakeups}; Linux's
     * source fds but timerfds ({@link LinuxSourceSupport#declare}: a timerfd per timer would add to
     * every scan). The backend adds its timeout resolution, and its fd limit and variant where it has
     * them.
     *
     * @param backend the backend
     */
    protected static Capabilities.Builder levelTriggered(Backend backend) {
        return LinuxSourceSupport.declare(nativeCapabilities(backend), false)
                .mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.EMULATED)
                .mode(Mode.EDGE, Support.UNSUPPORTED)
                .mode(Mode.EDGE_ONESHOT, Support.UNSUPPORTED)
                .regularFiles(true)
                .wakeupMechanism(Wakeups.mechanism());
    }
}
