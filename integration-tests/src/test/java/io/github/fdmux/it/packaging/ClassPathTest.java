package io.github.fdmux.it.packaging;

import org.junit.jupiter.api.Test;

/** The same application on the class path: the common case, with the flags docs/guide.md#install names. */
class ClassPathTest extends LaunchedAppTest {
    ClassPathTest() {
        super(false);
    }

    @Override
    String[] guidesFlags() {
        return new String[] {"--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED"};
    }

    @Test
    void jdk25WithoutFlagsPrintsExactlyTheWarningsTheGuideShows() throws Exception {
        EchoAppAssertions.echoedWithTheGuidesWarnings(launch(25), false, "jdk25-class-path-no-flags");
    }
}
