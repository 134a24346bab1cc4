package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.NativeCallException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** status(Backend) and ensureAvailable(): the reason as words, the cause as the exception itself. */
class BackendStatusTest {

    private static BackendSelector selector(BackendProvider... providers) {
        return new BackendSelector(List.of(providers), "Linux", Map.<String, String>of()::get, Map.<String, String>of()::get);
    }

    @Test
    void anUnavailableBackendCarriesItsCauseToTheStatusAndToEnsureAvailable() {
        UnsatisfiedLinkError stub = new UnsatisfiedLinkError("/tmp/jffi1.so: failed to map segment from shared object");
        BackendSelector s = selector(BackendSelectorTest.Stub.of(Backend.EPOLL,
                Availability.no("JNR could not load its native stub", stub), null));
        BackendStatus status = s.status(Backend.EPOLL);
        assertTrue(status.installed());
        assertFalse(status.available());
        assertSame(stub, status.unavailabilityCause().orElseThrow());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, status::ensureAvailable);
        assertSame(stub, e.getCause());
        assertEquals(Backend.EPOLL, e.backend());
        assertEquals("EPOLL cannot be used here: JNR could not load its native stub", e.getMessage());
    }

    @Test
    void aWrongOsIsUnavailableWithoutACause() {
        BackendStatus status = selector(BackendSelectorTest.Stub.of(Backend.KQUEUE,
                Availability.no("kqueue is not part of Linux"), null)).status(Backend.KQUEUE);
        assertTrue(status.unavailabilityCause().isEmpty());
        assertEquals(null, assertThrows(BackendUnavailableException.class, status::ensureAvailable).getCause());
    }

    @Test
    void aMissingBackendSaysWhichArtifactToAdd() {
        BackendStatus status = selector().status(Backend.POLL);
        assertFalse(status.installed());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, status::ensureAvailable);
        assertEquals("POLL not installed (add io.github.fdmux:fdmux-backend-poll)", e.getMessage());
    }

    @Test
    void anAvailableBackendPassesAndHasNoCause() {
        BackendStatus status = selector(BackendSelectorTest.Stub.of(Backend.NIO, Availability.yes("JDK"), null))
                .status(Backend.NIO);
        assertDoesNotThrow(status::ensureAvailable);
        assertTrue(status.unavailabilityCause().isEmpty());
        assertTrue(status.capabilities().isPresent());
    }

    @Test
    void anAvailableAnswerCannotHaveACause() {
        assertThrows(IllegalArgumentException.class, () -> new Availability(true, "yes", new RuntimeException()));
    }

    @Test
    void whenNothingOpensEveryBackendsExceptionIsAttached() {
        NativeCallException eperm = new NativeCallException("epoll_create1(EPOLL_CLOEXEC)", -1, 1, "EPERM",
                "Operation not permitted");
        UnsatisfiedLinkError noPoll = new UnsatisfiedLinkError("poll");
        BackendSelector s = selector(BackendSelectorTest.Stub.of(Backend.EPOLL, Availability.yes("Linux"), eperm),
                BackendSelectorTest.Stub.of(Backend.POLL, Availability.no("libc has no poll", noPoll), null));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, s::open);
        assertEquals(List.of(eperm, noPoll), List.of(e.getSuppressed()));
    }
}
