package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReference;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An application on the module path, as docs/guide.md#the-module-path describes it: it requires
 * {@code io.github.fdmux.api} only, and the JVM binds the backend modules that {@code provide} a
 * BackendProvider. On JDK 17 no flag at all; on JDK 25 only the flags the guide names.
 */
class ModulePathTest extends LaunchedAppTest {
    ModulePathTest() {
        super(true);
    }

    @Override
    String[] guidesFlags() {
        return new String[] {"--enable-native-access=org.jnrproject.jffi", "--add-exports",
            "java.base/sun.nio.ch=io.github.fdmux.unix"};
    }

    @Test
    void everyFdmuxModuleOnThePathIsAnExplicitModuleAndEveryBackendProvidesItsProvider() throws Exception {
        List<ModuleDescriptor> fdmux = AppLauncher.finder().findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> d.name().startsWith("io.github.fdmux.")).collect(Collectors.toList());
        Set<String> names = fdmux.stream().map(ModuleDescriptor::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("io.github.fdmux.api", "io.github.fdmux.unix", "io.github.fdmux.epoll",
                "io.github.fdmux.kqueue", "io.github.fdmux.poll", "io.github.fdmux.nio")), names::toString);
        for (ModuleDescriptor d : fdmux) {
            assertFalse(d.isAutomatic(), d.name() + " has no module-info.java: it would be an automatic module that provides no backend");
            boolean isBackend = !d.name().equals("io.github.fdmux.api") && !d.name().equals("io.github.fdmux.unix");
            if (isBackend) {
                assertTrue(d.provides().stream().anyMatch(p -> p.service().equals("io.github.fdmux.spi.BackendProvider")),
                        d.name() + " does not declare `provides io.github.fdmux.spi.BackendProvider with ...`");
            }
        }
    }

    @Test
    void jdk25WithNativeAccessOnlyFallsBackToUnsafeAndWarnsAsTheGuideSays() throws Exception {
        AppLauncher.Run run = launch(25, "--enable-native-access=org.jnrproject.jffi");
        EchoAppAssertions.echoedWithTheGuidesWarnings(run, true, "jdk25-module-path-native-access-only");
    }
}
