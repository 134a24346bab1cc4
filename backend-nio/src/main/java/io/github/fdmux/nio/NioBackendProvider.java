package io.github.fdmux.nio;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.spi.BackendProvider;
import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ServiceConfigurationError;

/**
 * The NIO backend, found by {@link java.util.ServiceLoader}: the JDK's default
 * {@link SelectorProvider#provider()} (EPollSelectorProvider on Linux, KQueueSelectorProvider on
 * macOS, WindowsSelectorProvider on Windows, or whatever {@code -Djava.nio.channels.spi.SelectorProvider}
 * names). For another provider use {@link NioPollers#open(SelectorProvider)}.
 */
public final class NioBackendProvider implements BackendProvider {

    /** Creates the provider; nothing is opened until {@link #open(String)}. */
    public NioBackendProvider() {
    }

    @Override
    public Backend backend() {
        return Backend.NIO;
    }

    @Override
    public Availability availability() {
        try {
            return Availability.yes("JDK Selector from " + SelectorProvider.provider().getClass().getName());
        } catch (RuntimeException | ServiceConfigurationError e) {
            return Availability.no("no usable java.nio SelectorProvider: " + e);
        }
    }

    @Override
    public Capabilities capabilities() {
        return NioPollers.capabilities();
    }

    @Override
    public Poller open(String selectionReason) throws IOException {
        SelectorProvider provider;
        try {
            provider = SelectorProvider.provider();
        } catch (RuntimeException | ServiceConfigurationError e) {
            throw new BackendUnavailableException(Backend.NIO, "NIO cannot be used here: no usable java.nio"
                    + " SelectorProvider (" + e + ")", e);
        }
        return NioPoller.open(NioPollers.capabilities(), selectionReason, provider);
    }
}
