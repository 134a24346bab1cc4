package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The same application on the class path: the common case, with the flags docs/guide.md#install names. */
class ClassPathTest {

    @Test
    void jdk17RunsTheApplicationWithNoFlagAndNoWarning() throws Exception {
        AppLauncher.Run run = AppLauncher.onClassPath(17);
        EchoAppAssertions.echoedOnEveryBackend(run, false);
        assertEquals(List.of(), run.warnings(), run::describe);
    }

    @Test
    void jdk25RunsTheApplicationWithTheGuidesFlagsAndNoWarning() throws Exception {
        AppLauncher.Run run = AppLauncher.onClassPath(25, "--enable-native-access=ALL-UNNAMED",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");
        EchoAppAssertions.echoedOnEveryBackend(run, false);
        assertEquals(List.of(), run.warnings(), run::describe);
    }

    @Test
    void jdk25WithoutFlagsPrintsExactlyTheWarningsTheGuideShows() throws Exception {
        AppLauncher.Run run = AppLauncher.onClassPath(25);
        EchoAppAssertions.echoedOnEveryBackend(run, false);
        assertEquals(DocumentedWarnings.block("jdk25-class-path-no-flags"),
                DocumentedWarnings.normalized(run.warnings()), run::describe);
    }
}
