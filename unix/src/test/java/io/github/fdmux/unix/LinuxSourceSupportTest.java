package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Support;
import org.junit.jupiter.api.Test;

/** What the probe's findings make of a fd backend's capabilities, on any host. */
class LinuxSourceSupportTest {

    private static Capabilities declared(LinuxSourceSupport found, boolean timerfds) {
        return found.declareInto(Capabilities.builder(Backend.EPOLL), timerfds).build();
    }

    @Test
    void everythingFoundIsNativeButSignals() {
        Capabilities c = declared(new LinuxSourceSupport(true, true, true, "all"), true);
        assertEquals(Support.NATIVE, c.support(EventSource.TIMER));
        assertEquals(Support.NATIVE, c.support(EventSource.PROCESS));
        assertEquals(Support.NATIVE, c.support(EventSource.USER));
        assertEquals(Support.EMULATED, c.support(EventSource.SIGNAL));
        assertEquals(Support.NATIVE, c.support(EventSource.FD));
    }

    @Test
    void aBackendThatScansEveryFdEmulatesTimers() {
        Capabilities c = declared(new LinuxSourceSupport(true, true, true, "all"), false);
        assertEquals(Support.EMULATED, c.support(EventSource.TIMER));
        assertEquals(Support.NATIVE, c.support(EventSource.USER));
    }

    @Test
    void aProcessNeedsPidfdAndEventfdSinceAnExitedOneIsAnEventfd() {
        assertEquals(Support.EMULATED, new LinuxSourceSupport(true, true, false, "ENOSYS").support(EventSource.PROCESS));
        assertEquals(Support.EMULATED, new LinuxSourceSupport(true, false, true, "EPERM").support(EventSource.PROCESS));
        assertEquals(Support.NATIVE, new LinuxSourceSupport(false, true, true, "").support(EventSource.PROCESS));
    }

    @Test
    void nothingFoundLeavesEverySourceEmulated() {
        Capabilities c = declared(new LinuxSourceSupport(false, false, false, "not Linux"), true);
        for (EventSource s : new EventSource[] {EventSource.TIMER, EventSource.SIGNAL, EventSource.PROCESS,
            EventSource.USER}) {
            assertEquals(Support.EMULATED, c.support(s), s.name());
        }
    }

    @Test
    void theProbeFindsTimerfdAndEventfdOnLinuxAndNothingElsewhere() {
        LinuxSourceSupport here = LinuxSourceSupport.get();
        if (Native.isLinux()) {
            // Linux 2.6.25+ has both; only a seccomp filter could refuse them, and the reason would say so.
            assertEquals("true true", here.timerfd() + " " + here.eventfd(), here.reason());
        } else {
            assertFalse(here.timerfd() || here.eventfd() || here.pidfd(), here.reason());
        }
    }
}
