package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** What a run of the echo application must show, on any path and JDK. */
final class EchoAppAssertions {
    private EchoAppAssertions() {
    }

    /**
     * It exited 0 after an echo round trip on the automatic choice and on every backend that this test
     * JVM (the class path surefire built) finds available: the application's path loses none.
     *
     * @param modulePath whether each backend must come from its own named module
     */
    static void echoedOnEveryBackend(AppLauncher.Run run, boolean modulePath) {
        assertEquals(0, run.exit(), run::describe);
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("automatic ")), run::describe);
        int backends = 0;
        for (BackendStatus s : Pollers.statuses()) {
            if (!s.available()) {
                continue;
            }
            backends++;
            // the module is the backend's name in lower case without underscores: io.github.fdmux.iouring
            String module = modulePath
                    ? "io.github.fdmux." + s.backend().name().toLowerCase(Locale.ROOT).replace("_", "") : "null";
            String expected = "echo " + s.backend() + " ok module=" + module;
            assertTrue(run.out().lines().anyMatch(expected::equals), () -> "no line \"" + expected + "\"\n" + run.describe());
        }
        assertTrue(backends > 0, "no backend is available to this test JVM");
    }

    /**
     * {@link #echoedOnEveryBackend}, and the JVM printed no warning at all.
     *
     * @param modulePath whether each backend must come from its own named module
     */
    static void echoedWithoutWarnings(AppLauncher.Run run, boolean modulePath) {
        echoedOnEveryBackend(run, modulePath);
        assertEquals(List.of(), run.warnings(), run::describe);
    }

    /**
     * {@link #echoedOnEveryBackend}, and the JVM printed exactly the warnings the guide shows in the
     * block {@code block} ({@link DocumentedWarnings}).
     *
     * @param modulePath whether each backend must come from its own named module
     * @throws IOException if the guide cannot be read
     */
    static void echoedWithTheGuidesWarnings(AppLauncher.Run run, boolean modulePath, String block) throws IOException {
        echoedOnEveryBackend(run, modulePath);
        assertEquals(DocumentedWarnings.block(block), DocumentedWarnings.normalized(run.warnings()), run::describe);
    }
}
