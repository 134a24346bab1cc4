package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import java.io.IOException;

/**
 * A backend, found with {@link java.util.ServiceLoader}. Implementations are listed in
 * {@code META-INF/services/io.github.fdmux.spi.BackendProvider} of each backend jar.
 *
 * <p>Implementations must be thread-safe and cheap to construct: loading native libraries
 * happens in {@link #availability()}, not in the constructor.
 */
public interface BackendProvider {

    /** {@return which backend this provides} */
    Backend backend();

    /**
     * Checks, without opening a poller, whether the backend can work here: right OS, library
     * loadable, symbols present. The result is cached by implementations.
     *
     * @return the answer and its reason
     */
    Availability availability();

    /**
     * {@return the capabilities a poller of this backend would have on this machine; only meaningful
     *     when {@link #availability()} says available}
     */
    Capabilities capabilities();

    /**
     * Opens a poller.
     *
     * @param selectionReason why this backend was chosen, reported by {@link Poller#selectionReason()}
     * @return a new poller
     * @throws io.github.fdmux.BackendUnavailableException if the backend is not available here
     * @throws io.github.fdmux.NativeCallException if creating the kernel object failed (e.g. EMFILE,
     *     or EPERM from a seccomp filter)
     * @throws IOException on other failures
     */
    Poller open(String selectionReason) throws IOException;
}
