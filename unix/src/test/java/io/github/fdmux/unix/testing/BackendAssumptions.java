package io.github.fdmux.unix.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.spi.Availability;
import io.github.fdmux.spi.BackendProvider;

/**
 * How a backend module's tests skip where their backend cannot run here: with the provider's own
 * reason. Shared with every backend module through this module's test jar.
 */
public final class BackendAssumptions {
    private BackendAssumptions() {
    }

    /**
     * @param provider a backend's provider
     * @param <P> its type
     * @return {@code provider}, available here
     * @throws org.opentest4j.TestAbortedException where it is not (JUnit reports the test skipped), saying
     *     {@code "<BACKEND> unavailable: <reason>"}, e.g. {@code "EPOLL unavailable: epoll is Linux only"}
     */
    public static <P extends BackendProvider> P assumeAvailable(P provider) {
        Availability a = provider.availability();
        assumeTrue(a.available(), () -> provider.backend() + " unavailable: " + a.reason());
        return provider;
    }
}
