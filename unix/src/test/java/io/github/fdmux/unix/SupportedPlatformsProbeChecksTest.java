package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The probe checks backends share: a table for this OS, and Linux for the Linux interfaces. */
class SupportedPlatformsProbeChecksTest {
    @Test
    void aBackendWithoutATableForThisOsSaysWhichTableAndWhatToUseInstead() {
        assumeTrue(SupportedPlatforms.refusal() == null, () -> "this platform is refused before any table: "
                + SupportedPlatforms.refusal());
        assertEquals("fdmux has no fd_set table for " + System.getProperty("os.name")
                + " (it knows Linux, macOS, FreeBSD and OpenBSD); use POLL or NIO",
                SupportedPlatforms.refusal(null, "fd_set", "POLL or NIO"));
        assertNull(SupportedPlatforms.refusal(new Object(), "fd_set", "POLL or NIO"));
    }

    @Test
    void linuxInterfacesAreRefusedOffLinuxOnly() {
        for (jnr.ffi.Platform.OS os : jnr.ffi.Platform.OS.values()) {
            boolean linux = os == jnr.ffi.Platform.OS.LINUX || os == jnr.ffi.Platform.OS.ZLINUX;
            assertEquals(linux ? null : "epoll is Linux only; this is " + System.getProperty("os.name"),
                    SupportedPlatforms.linuxOnly(os, "epoll"), os::name);
        }
        assertEquals(SupportedPlatforms.linuxOnly(jnr.ffi.Platform.getNativePlatform().getOS(), "io_uring"),
                SupportedPlatforms.linuxOnly("io_uring"));
    }
}
