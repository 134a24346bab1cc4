package io.github.fdmux.it.packaging;

import org.junit.jupiter.api.Test;

/** The same application on the class path: the common case, with the flags docs/guide.md#install names. */
class ClassPathTest {

    @Test
    void jdk17RunsTheApplicationWithNoFlagAndNoWarning() throws Exception {
        EchoAppAssertions.echoedWithoutWarnings(AppLauncher.onClassPath(17), false);
    }

    @Test
    void jdk25RunsTheApplicationWithTheGuidesFlagsAndNoWarning() throws Exception {
        AppLauncher.Run run = AppLauncher.onClassPath(25, "--enable-native-access=ALL-UNNAMED",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");
        EchoAppAssertions.echoedWithoutWarnings(run, false);
    }

    @Test
    void jdk25WithoutFlagsPrintsExactlyTheWarningsTheGuideShows() throws Exception {
        EchoAppAssertions.echoedWithTheGuidesWarnings(AppLauncher.onClassPath(25), false, "jdk25-class-path-no-flags");
    }
}
