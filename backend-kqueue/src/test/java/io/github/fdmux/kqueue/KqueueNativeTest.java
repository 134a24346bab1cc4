package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import java.time.Duration;
import jnr.ffi.Platform;
import org.junit.jupiter.api.Test;

/** Platform choice and the unavailability messages, for every platform on any host. */
class KqueueNativeTest {

    @Test
    void linuxWithoutTheLibraryPropertySaysHowToEnableIt() {
        String[] why = new String[1];
        assertNull(KqueueNative.layoutFor(Platform.OS.LINUX, "6.1.0", null, why));
        assertTrue(why[0].contains("libkqueue"), why[0]);
        assertTrue(why[0].contains("https://github.com/mheily/libkqueue"), why[0]);
        assertTrue(why[0].contains("cmake"), why[0]);
        assertTrue(why[0].contains("-Dfdmux.kqueue.library=/tmp/libkqueue/build/libkqueue.so"), why[0]);
        KqueueNative probed = KqueueNative.probe(null, Platform.OS.LINUX, "6.1.0");
        assertFalse(probed.availability.available());
        assertEquals(why[0], probed.availability.reason());
    }

    @Test
    void aLibraryPropertyThatNamesNoFileIsReported() {
        KqueueNative probed = KqueueNative.probe("/nonexistent/libkqueue.so", Platform.OS.LINUX, "6.1.0");
        assertFalse(probed.availability.available());
        assertTrue(probed.availability.reason().contains("-Dfdmux.kqueue.library=/nonexistent/libkqueue.so names no file"),
                probed.availability.reason());
    }

    @Test
    void layoutPerPlatform() {
        String[] why = new String[1];
        assertSame(KeventLayout.MACOS, KqueueNative.layoutFor(Platform.OS.DARWIN, "14.5", null, why));
        assertSame(KeventLayout.FREEBSD, KqueueNative.layoutFor(Platform.OS.FREEBSD, "14.1-RELEASE", null, why));
        assertSame(KeventLayout.OPENBSD, KqueueNative.layoutFor(Platform.OS.OPENBSD, "7.6", null, why));
        assertSame(KeventLayout.NETBSD_KEVENT100, KqueueNative.layoutFor(Platform.OS.NETBSD, "10.0", null, why));
        assertSame(KeventLayout.LIBKQUEUE, KqueueNative.layoutFor(Platform.OS.LINUX, "6.1", "/x/libkqueue.so", why));
        // The property names where the symbols come from; on a BSD the kernel's layout stays.
        assertSame(KeventLayout.MACOS, KqueueNative.layoutFor(Platform.OS.DARWIN, "14.5", "/x/libkqueue.dylib", why));
    }

    @Test
    void freeBsdBefore12HasTheOldLayoutAndIsRefused() {
        String[] why = new String[1];
        assertNull(KqueueNative.layoutFor(Platform.OS.FREEBSD, "11.4-RELEASE", null, why));
        assertTrue(why[0].contains("FreeBSD 12"), why[0]);
    }

    @Test
    void otherSystemsAreRefusedWithTheReason() {
        String[] why = new String[1];
        assertNull(KqueueNative.layoutFor(Platform.OS.WINDOWS, "10", null, why));
        assertTrue(why[0].contains("macOS, FreeBSD 12+ or OpenBSD") && why[0].contains("windows"), why[0]);
        assertNull(KqueueNative.layoutFor(Platform.OS.DRAGONFLY, "6.4", null, why));
        assertTrue(why[0].contains("dragonfly"), why[0]);
    }

    @Test
    void majorVersion() {
        assertEquals(14, KqueueNative.majorVersion("14.1-RELEASE-p3"));
        assertEquals(12, KqueueNative.majorVersion("12"));
        assertEquals(-1, KqueueNative.majorVersion("unknown"));
    }

    @Test
    void capabilities() {
        Capabilities c = KqueueBackendProvider.capabilities("macos");
        assertEquals(Backend.KQUEUE, c.backend());
        for (Mode m : Mode.values()) {
            assertEquals(Support.NATIVE, c.support(m), m.name());
        }
        assertTrue(c.rawFds());
        assertTrue(c.regularFiles());
        assertFalse(c.exclusiveWakeups());
        assertEquals(Duration.ofNanos(1), c.timeoutResolution());
        assertEquals("macos", c.variant());
    }
}
