package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.EventSource;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The documented answer of the {@code <source>SourceIsNativeOrEmulated} behaviours: which sources
 * each backend (and implementation variant) provides through the kernel. Every source not listed
 * is emulated by fdmux. The one place to change when a backend's source goes native; the reasons are
 * in docs/backends/*.md and in the behaviours' why.
 */
final class DocumentedSupport {
    static final String NATIVE = "native";
    static final String EMULATED = "emulated";

    private static final Set<EventSource> NONE = EnumSet.noneOf(EventSource.class);
    /** timerfd, pidfd (Linux 5.3+), eventfd. */
    private static final Set<EventSource> LINUX_FDS = EnumSet.of(EventSource.TIMER, EventSource.PROCESS,
            EventSource.USER);
    /** poll(2) and select(2) scan every fd on every call: timerfds would make a poll's cost grow with the timers. */
    private static final Set<EventSource> LINUX_FDS_BUT_TIMERS = EnumSet.of(EventSource.PROCESS, EventSource.USER);

    /** Per backend, the sources the kernel provides. */
    private static final Map<Backend, Set<EventSource>> BY_BACKEND = Map.of(
            Backend.EPOLL, LINUX_FDS,
            Backend.IO_URING, LINUX_FDS,
            Backend.POLL, LINUX_FDS_BUT_TIMERS,
            Backend.SELECT, LINUX_FDS_BUT_TIMERS,
            Backend.KQUEUE, all(),
            Backend.NIO, NONE);

    /** Per backend and variant ({@code Capabilities.variant()}), where it differs from the backend's. */
    private static final Map<Backend, Map<String, Set<EventSource>>> BY_VARIANT = Map.of(
            // libkqueue's EVFILT_SIGNAL (a signalfd) never saw a kill in a JVM, its EVFILT_PROC lost exits to
            // the JVM's reaper; OpenBSD has no EVFILT_USER: docs/backends/kqueue.md.
            Backend.KQUEUE, Map.of("libkqueue", EnumSet.of(EventSource.TIMER, EventSource.USER),
                    "openbsd", EnumSet.of(EventSource.TIMER, EventSource.SIGNAL, EventSource.PROCESS)),
            // Off Linux there is no timerfd, pidfd or eventfd.
            Backend.POLL, Map.of("macos", NONE, "freebsd", NONE));

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
