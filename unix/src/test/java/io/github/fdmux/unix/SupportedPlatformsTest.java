package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import jnr.ffi.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SupportedPlatformsTest {
    /** The systems a per-OS table is written down for (Linux on s390x is JNR's ZLINUX); every other has none. */
    private static final Map<Platform.OS, String> TABLES = Map.of(Platform.OS.LINUX, "linux", Platform.OS.ZLINUX,
            "linux", Platform.OS.DARWIN, "macos", Platform.OS.FREEBSD, "freebsd", Platform.OS.OPENBSD, "openbsd");

    /** What PollPlatform, SelectPlatform (and any backend with a table per OS) get for each OS JNR knows. */
    @ParameterizedTest
    @EnumSource(Platform.OS.class)
    void byOsPicksTheTableOfEachSupportedOsAndNoneForTheOthers(Platform.OS os) {
        assertEquals(TABLES.get(os), SupportedPlatforms.byOs(os, "linux", "macos", "freebsd", "openbsd"), os.name());
    }

    @Test
    void theSupportedSystemsAreNotRefused() {
        assertNull(SupportedPlatforms.refusal("Linux", "amd64"));
        assertNull(SupportedPlatforms.refusal("Linux", "aarch64"));
        assertNull(SupportedPlatforms.refusal("Linux", "riscv64"));
        assertNull(SupportedPlatforms.refusal("Linux", "ppc64le"));
        assertNull(SupportedPlatforms.refusal("Linux", "s390x"));
        assertNull(SupportedPlatforms.refusal("Mac OS X", "aarch64"));
        assertNull(SupportedPlatforms.refusal("FreeBSD", "amd64"));
        assertNull(SupportedPlatforms.refusal("OpenBSD", "amd64"));
    }

    @Test
    void netbsdIsRefusedSayingWhy() {
        String why = SupportedPlatforms.refusal("NetBSD", "amd64");
        assertNotNull(why);
        assertTrue(why.contains("NetBSD is not supported") && why.contains("jffi") && why.contains("NIO"), why);
    }

    @Test
    void dragonflyIsRefusedSayingWhy() {
        String why = SupportedPlatforms.refusal("DragonFly", "amd64");
        assertNotNull(why);
        assertTrue(why.contains("DragonFly BSD is not supported") && why.contains("NIO"), why);
    }

    @Test
    void linuxOnSparcAndMipsIsRefusedNamingTheConstants() {
        for (String arch : new String[] {"sparcv9", "mips64el", "mips"}) {
            String why = SupportedPlatforms.refusal("Linux", arch);
            assertNotNull(why, arch);
            assertTrue(why.contains("EPOLL_CLOEXEC") && why.contains("O_NONBLOCK") && why.contains(arch), why);
        }
    }
}
