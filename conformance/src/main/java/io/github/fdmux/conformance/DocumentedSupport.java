package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.EventSource;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The documented answer of the {@code <source>SourceIsNativeOrEmulated} behaviours: which sources
 * each backend (and implementation variant) provides through the kernel. Every source not listed
 * is emulated by fdmux. The one place to change when a backend's source goes native.
 */
final class DocumentedSupport {
    static final String NATIVE = "native";
    static final String EMULATED = "emulated";

    /** Per backend, the sources the kernel provides. */
    private static final Map<Backend, Set<EventSource>> BY_BACKEND = Map.of();

    /** Per backend and variant ({@code Capabilities.variant()}), where it differs from the backend's. */
    private static final Map<Backend, Map<String, Set<EventSource>>> BY_VARIANT = Map.of();

    private DocumentedSupport() {
    }

    /** @return the answer of a backend that lists nothing: emulated */
    static String documented(EventSource source) {
        return EMULATED;
    }

    /**
     * Adds the documented answers for one source to a behaviour.
     *
     * @param source the source
     * @param b the behaviour's builder
     */
    static void expectations(EventSource source, Behaviour.Builder b) {
        BY_BACKEND.forEach((backend, sources) -> b.expect(backend, sources.contains(source) ? NATIVE : EMULATED));
        BY_VARIANT.forEach((backend, variants) -> variants.forEach((variant, sources) ->
                b.expectOn(backend, variant, sources.contains(source) ? NATIVE : EMULATED)));
    }

    /** @return every source but FD, for a backend whose kernel provides them all */
    static Set<EventSource> all() {
        return EnumSet.of(EventSource.TIMER, EventSource.SIGNAL, EventSource.PROCESS, EventSource.USER);
    }
}
