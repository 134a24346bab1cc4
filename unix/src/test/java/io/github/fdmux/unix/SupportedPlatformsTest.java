package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SupportedPlatformsTest {
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
