package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No test library reaches the CLI's run-time class path (and so its shaded jar): the conformance
 * catalogue asserts with its own {@code Expect}, not JUnit. Reads the class path Maven resolved for
 * the runtime scope ({@code maven-dependency-plugin:build-classpath} in this module's pom).
 */
class RuntimeClasspathTest {
    /** Group directories of test libraries in the local repository. */
    private static final List<String> TEST_LIBRARIES = List.of("/org/junit/", "/org/opentest4j/", "/org/apiguardian/",
            "/org/hamcrest/", "/org/testcontainers/", "/org/openjdk/jmh/", "/org/mockito/", "/org/assertj/");

    @Test
    void noTestLibraryIsOnTheRuntimeClasspath() throws Exception {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.isRegularFile(file), file + " is written by maven-dependency-plugin in generate-test-resources");
        List<String> jars = Arrays.stream(Files.readString(file).trim().split(File.pathSeparator))
                .map(p -> p.replace(File.separatorChar, '/')).collect(Collectors.toList());
        assertTrue(jars.stream().anyMatch(j -> j.contains("conformance")),
                "the conformance catalogue (a jar, or its classes in a reactor build) is on the run-time class path: "
                        + jars);
        List<String> tests = jars.stream().filter(j -> TEST_LIBRARIES.stream().anyMatch(j::contains))
                .collect(Collectors.toList());
        assertEquals(List.of(), tests, "test libraries on the CLI's run-time class path");
    }
}
