package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Support;
import org.junit.jupiter.api.Test;

/** What KQUEUE's capabilities say per variant about timers, signals, processes and user events (any host). */
class KqueueSourceSupportTest {

    @Test
    void macosAndFreebsdHaveEveryKernelFilter() {
        for (String variant : new String[] {"macos", "freebsd"}) {
            Capabilities c = KqueueBackendProvider.capabilities(variant);
            for (EventSource s : EventSource.values()) {
                assertEquals(Support.NATIVE, c.support(s), variant + " " + s);
            }
        }
    }

    @Test
    void openbsdEmulatesUserEventsOnly() {
        Capabilities c = KqueueBackendProvider.capabilities("openbsd");
        assertEquals(Support.NATIVE, c.support(EventSource.TIMER));
        assertEquals(Support.NATIVE, c.support(EventSource.SIGNAL));
        assertEquals(Support.NATIVE, c.support(EventSource.PROCESS));
        assertEquals(Support.EMULATED, c.support(EventSource.USER), "EVFILT_USER only from OpenBSD 7.8");
    }

    @Test
    void userEventsAreNativeWhereTheProbeFoundEvfiltUser() {
        assertEquals(Support.NATIVE, KqueueBackendProvider.capabilities("openbsd", true).support(EventSource.USER),
                "OpenBSD 7.8 and later");
        assertEquals(Support.EMULATED, KqueueBackendProvider.capabilities("macos", false).support(EventSource.USER));
    }

    @Test
    void thisMachinesKqueueSaysWhatItsProbeFound() {
        KqueueNative nat = KqueueNative.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(nat.availability.available(),
                () -> "KQUEUE unavailable: " + nat.availability.reason());
        if (nat.layout != KeventLayout.OPENBSD) {
            assertEquals(true, nat.userFilter, nat.layout + " has EVFILT_USER");
        }
        assertEquals(nat.userFilter ? Support.NATIVE : Support.EMULATED,
                new KqueueBackendProvider().capabilities().support(EventSource.USER));
    }

    @Test
    void libkqueueEmulatesSignalsAndProcesses() {
        Capabilities c = KqueueBackendProvider.capabilities("libkqueue");
        assertEquals(Support.NATIVE, c.support(EventSource.TIMER));
        assertEquals(Support.NATIVE, c.support(EventSource.USER));
        assertEquals(Support.EMULATED, c.support(EventSource.SIGNAL), "a signalfd misses what other threads take");
        assertEquals(Support.EMULATED, c.support(EventSource.PROCESS), "its waitid races the JVM's reaper");
    }
}
