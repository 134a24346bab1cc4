package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.spi.testing.MemoryPoller;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

    /** A provider that is as available as told and whose open() records its reason, then fails as told or gives a fake poller. */
    record Stub(Backend backend, Availability availability, IOException openFailure, List<String> reasons)
            implements BackendProvider {

        /** A provider that is available and opens. */
        static Stub opening(Backend backend) {
            return of(backend, Availability.yes("test"), null);
        }

        /** A provider whose open() throws {@code openFailure}, if not null. */
        static Stub of(Backend backend, Availability availability, IOException openFailure) {
            return new Stub(backend, availability, openFailure, new ArrayList<>());
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.builder(backend).build();
        }

        @Override
        public Poller open(String reason) throws IOException {
            reasons.add(reason);
            if (openFailure != null) {
                throw openFailure;
            }
            return new MemoryPoller();
        }
    }

    private static BackendSelector selector(String os, Map<String, String> props, Map<String, String> env,
            BackendProvider... providers) {
        return new BackendSelector(List.of(providers), os, props::get, env::get);
    }

    @Test
    void automaticOrderPerOs() {
        assertEquals(List.of(Backend.EPOLL, Backend.POLL, Backend.NIO), BackendSelector.automaticOrder("Linux"));
        assertEquals(List.of(Backend.KQUEUE, Backend.POLL, Backend.NIO), BackendSelector.automaticOrder("Mac OS X"));
        assertEquals(List.of(Backend.KQUEUE, Backend.POLL, Backend.NIO), BackendSelector.automaticOrder("FreeBSD"));
        assertEquals(List.of(Backend.POLL, Backend.NIO), BackendSelector.automaticOrder("SunOS"));
        assertEquals(List.of(Backend.NIO), BackendSelector.automaticOrder("Windows 11"));
    }

    @Test
    void propertyWinsOverEnvironmentAndNonsenseListsValidNames() {
        BackendSelector s = selector("Linux", Map.of("fdmux.backend", "nio"), Map.of("FDMUX_BACKEND", "poll"));
        assertEquals(Backend.NIO, s.requested().orElseThrow().getKey());
        assertEquals("system property fdmux.backend=nio", s.requested().orElseThrow().getValue());
        BackendSelector env = selector("Linux", Map.of(), Map.of("FDMUX_BACKEND", "poll"));
        assertEquals(Backend.POLL, env.requested().orElseThrow().getKey());
        BackendSelector bad = selector("Linux", Map.of(), Map.of("FDMUX_BACKEND", "nonsense"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::open);
        assertEquals("environment variable FDMUX_BACKEND: unknown backend 'nonsense'; valid names: epoll, kqueue,"
                + " poll, nio, select, io_uring", e.getMessage());
    }

    @Test
    void automaticChoiceFallsThroughAndSaysWhy() throws IOException {
        NativeCallException eperm = new NativeCallException("epoll_create1(EPOLL_CLOEXEC)", -1, 1, "EPERM",
                "Operation not permitted");
        Stub poll = Stub.opening(Backend.POLL);
        BackendSelector s = selector("Linux", Map.of(), Map.of(),
                Stub.of(Backend.EPOLL, Availability.yes("Linux"), eperm), poll);
        s.open();
        assertEquals(List.of("POLL: chosen after EPOLL failed to open: epoll_create1(EPOLL_CLOEXEC) failed: EPERM"
                + " (errno 1: Operation not permitted)"), poll.reasons());
    }

    @Test
    void unavailableBackendsAreSkippedWithTheirReason() throws IOException {
        Stub epoll = Stub.of(Backend.EPOLL, Availability.no("epoll is Linux only"), null);
        Stub nio = Stub.opening(Backend.NIO);
        BackendSelector s = selector("Linux", Map.of(), Map.of(), epoll, nio);
        s.open();
        assertEquals(List.of(), epoll.reasons(), "an unavailable backend is not opened");
        assertEquals(1, nio.reasons().size(), nio.reasons().toString());
        assertTrue(nio.reasons().get(0).startsWith("NIO: chosen after EPOLL unavailable: epoll is Linux only; POLL not"
                + " installed"), nio.reasons().toString());
    }

    @Test
    void aNamedBackendIsNeverReplaced() {
        Stub poll = Stub.opening(Backend.POLL);
        BackendSelector s = selector("Linux", Map.of("fdmux.backend", "epoll"), Map.of(),
                Stub.of(Backend.EPOLL, Availability.no("epoll is Linux only; this is Mac OS X"), null), poll);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, s::open);
        assertEquals("EPOLL cannot be used here: epoll is Linux only; this is Mac OS X", e.getMessage());
        assertEquals(List.of(), poll.reasons(), "POLL was never opened");
        BackendUnavailableException missing = assertThrows(BackendUnavailableException.class,
                () -> s.open(Backend.KQUEUE));
        assertTrue(missing.getMessage().contains("fdmux-backend-kqueue"), missing.getMessage());
    }

    @Test
    void nothingOpensMeansOneErrorListingEveryReason() {
        BackendSelector s = selector("Linux", Map.of(), Map.of());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, s::open);
        assertEquals("no backend could be opened: EPOLL not installed; POLL not installed; NIO not installed",
                e.getMessage());
    }
}
