package io.github.fdmux.nio;

import java.lang.reflect.InaccessibleObjectException;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The SelectorProviders the tests run on: the default one, and the JDK's poll(2) one where reachable. */
final class Providers {
    static final String DEFAULT = "default";
    static final String POLL = "sun.nio.ch.PollSelectorProvider";

    private Providers() {
    }

    /** @return the provider names, for {@code @MethodSource} */
    static List<String> names() {
        return List.of(DEFAULT, POLL);
    }

    /**
     * @param name {@link #DEFAULT} or a provider class name
     * @return the provider; aborts the test (with the reason) if it cannot be had here
     */
    static SelectorProvider get(String name) {
        if (DEFAULT.equals(name)) {
            return SelectorProvider.provider();
        }
        try {
            return (SelectorProvider) Class.forName(name).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            Assumptions.abort(name + " is not in this JDK (" + System.getProperty("os.name") + "; it exists on"
                    + " Linux, macOS and the other Unix ports)");
        } catch (IllegalAccessException | InaccessibleObjectException e) {
            Assumptions.abort(name + " is not reachable: run with --add-exports java.base/sun.nio.ch=ALL-UNNAMED"
                    + " (" + e + ")");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + name, e);
        }
        throw new AssertionError("unreachable");
    }
}
