package io.github.fdmux.it.packaging;

import org.junit.jupiter.api.Test;

/**
 * The runs {@link ModulePathTest} and {@link ClassPathTest} both make, each on its own path: JDK 17
 * with no flag, JDK 25 with the flags docs/guide.md names for that path; neither may warn.
 */
abstract class LaunchedAppTest {
    private final boolean modulePath;

    LaunchedAppTest(boolean modulePath) {
        this.modulePath = modulePath;
    }

    /** @return the JDK 25 flags docs/guide.md names for this path */
    abstract String[] guidesFlags();

    /** Runs the application on this test's path of JDK {@code feature} with these JVM flags. */
    final AppLauncher.Run launch(int feature, String... flags) throws Exception {
        return AppLauncher.launch(feature, modulePath, flags);
    }

    @Test
    void jdk17RunsTheApplicationWithNoFlagAndNoWarning() throws Exception {
        EchoAppAssertions.echoedWithoutWarnings(launch(17), modulePath);
    }

    @Test
    void jdk25RunsTheApplicationWithTheGuidesFlagsAndNoWarning() throws Exception {
        EchoAppAssertions.echoedWithoutWarnings(launch(25, guidesFlags()), modulePath);
    }
}
