package io.github.fdmux.unix;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.spi.BackendProvider;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The provider of a native backend: everything comes from one cached probe of the system
 * ({@link ProbeCache}), and {@link #open} refuses, naming the reason, when that probe says the
 * backend cannot run here. A backend supplies the probe, what it says, and how to open a poller, to
 * the constructor.
 *
 * @param <N> the backend's probe result (its binding and what the kernel offers)
 */
public abstract class NativeBackendProvider<N> implements BackendProvider {
    /** Opens a poller on an available probe. */
    @FunctionalInterface
    public interface Opener<N> {
        /**
         * @param probe a probe result that says available
         * @param capabilities what the probe says a poller can do
         * @param selectionReason why the backend was chosen
         * @return the poller
         * @throws IOException if its kernel objects cannot be made
         */
        Poller open(N probe, Capabilities capabilities, String selectionReason) throws IOException;
    }

    private final Backend backend;
    private final Supplier<N> probe;
    private final Function<N, Availability> availability;
    private final Function<N, Capabilities> capabilities;
    private final Opener<N> opener;

    /**
     * @param backend which backend this provides
     * @param probe the (cached) probe of this system
     * @param availability whether a probe result says the backend can run here
     * @param capabilities what a poller would be able to do with a probe result
     * @param opener opens a poller
     */
    protected NativeBackendProvider(Backend backend, Supplier<N> probe, Function<N, Availability> availability,
            Function<N, Capabilities> capabilities, Opener<N> opener) {
        this.backend = backend;
        this.probe = probe;
        this.availability = availability;
        this.capabilities = capabilities;
        this.opener = opener;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final Availability availability() {
        return availability.apply(probe.get());
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities.apply(probe.get());
    }

    @Override
    public final Poller open(String selectionReason) throws IOException {
        N p = probe.get();
        Availability a = availability.apply(p);
        if (!a.available()) {
            throw new BackendUnavailableException(backend, backend + " cannot be used here: " + a.reason(), null);
        }
        return opener.open(p, capabilities.apply(p), selectionReason);
    }
}
