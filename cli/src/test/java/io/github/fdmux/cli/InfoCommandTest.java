package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void infoNamesEveryBackendTheChoiceAndTheCapabilities() {
        Cli r = Cli.run("info");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        for (String b : new String[] {"EPOLL", "KQUEUE", "POLL", "NIO"}) {
            assertTrue(out.contains("  " + b + " "), b + " listed:\n" + out);
        }
        assertTrue(out.contains("Chosen:"), out);
        assertTrue(out.contains("Why:"), out);
        // Where the native backends run is said plainly, or why they are refused here.
        String refusal = io.github.fdmux.unix.SupportedPlatforms.refusal();
        assertTrue(out.contains(refusal == null ? "Native:   EPOLL (Linux), KQUEUE (macOS, FreeBSD 12+, OpenBSD;"
                : "Native:   refused here. " + refusal), out);
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("fdmux.backend") == null && System.getenv("FDMUX_BACKEND") == null) {
            assertTrue(out.contains("Chosen:   EPOLL"), out);
            assertTrue(out.contains("Capabilities of EPOLL:"), out);
            assertTrue(out.matches("(?s).*mode edge-oneshot\\s+native.*"), out);
        }
    }

    @Test
    void pollNamedByThePropertyIsChosenAndDescribed() {
        String os = System.getProperty("os.name").toLowerCase();
        assumeTrue(os.contains("linux") || os.contains("mac") || os.contains("bsd"), "POLL needs Linux, macOS or a BSD");
        String old = System.getProperty("fdmux.backend");
        System.setProperty("fdmux.backend", "poll");
        try {
            Cli r = Cli.run("info");
            assertEquals(0, r.code(), r.err());
            String out = r.out();
            assertTrue(out.contains("Chosen:   POLL"), out);
            assertTrue(out.contains("Why:      POLL: named by system property fdmux.backend=poll"), out);
            assertTrue(out.contains("Capabilities of POLL:"), out);
            String poll = out.substring(out.indexOf("Capabilities of POLL:"));
            assertTrue(poll.matches("(?s).*mode level\\s+native.*"), poll);
            assertTrue(poll.matches("(?s).*mode edge\\s+unsupported.*"), poll);
            assertTrue(poll.matches("(?s).*mode oneshot\\s+emulated.*"), poll);
            assertTrue(poll.matches("(?s).*regular files\\s+yes.*"), poll);
            io.github.fdmux.Capabilities caps = io.github.fdmux.Pollers.status(io.github.fdmux.Backend.POLL)
                    .capabilities().orElseThrow();
            for (io.github.fdmux.EventSource e : io.github.fdmux.EventSource.values()) {
                if (e != io.github.fdmux.EventSource.FD) {  // a line per source, native or emulated as the backend says
                    String line = "source " + e.name().toLowerCase() + "\\s+" + caps.support(e).name().toLowerCase();
                    assertTrue(poll.matches("(?s).*" + line + "\n.*"), line + " in " + poll);
                }
            }
        } finally {
            if (old == null) {
                System.clearProperty("fdmux.backend");
            } else {
                System.setProperty("fdmux.backend", old);
            }
        }
    }

    @Test
    void aNonsenseBackendIsAUsageErrorListingTheValidNames() {
        assumeTrue(System.getenv("FDMUX_BACKEND") == null, "FDMUX_BACKEND is set in this environment");
        String old = System.getProperty("fdmux.backend");
        System.setProperty("fdmux.backend", "nonsense");
        try {
            Cli r = Cli.run("info");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("unknown backend 'nonsense'; valid names: epoll, kqueue, poll, nio, select, io_uring"), r.err());
        } finally {
            if (old == null) {
                System.clearProperty("fdmux.backend");
            } else {
                System.setProperty("fdmux.backend", old);
            }
        }
    }
}
