package io.github.fdmux.it.containers;

import com.github.dockerjava.api.DockerClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What goes into a container: the suite's run-time class path as this build made it (every fdmux
 * jar, so every backend the build produces, and JNR; written by maven-dependency-plugin to
 * {@code target/container-suite/classpath.txt}), the integration tests' classes (the conformance
 * suite and the probes), and the JUnit console launcher.
 *
 * <p>Entries are jars after {@code mvn package}, class directories in a {@code mvn test} run; both
 * are staged on the host in the layout they have in the container ({@code target/container-suite/payload})
 * and copied in as one archive into the volume at {@link #ROOT}: copying into a read-only root is
 * refused, into a volume it is not (Testcontainers' own copy extracts at {@code /}). Immutable.
 *
 * @param staged    where the payload is staged on the host
 * @param size      how many files and directories are copied
 * @param classPath the class path inside the container
 */
record SuitePayload(Path staged, int size, String classPath) {
    /** Where the payload goes in the container: a volume, so it can be copied in under a read-only root. */
    static final String ROOT = "/opt/fdmux";
    static final String LAUNCHER = ROOT + "/junit-platform-console-standalone.jar";

    private record Item(Path host, String relative) {
    }

    /**
     * @return the payload of this build
     * @throws IllegalStateException naming the missing file and how to get it
     */
    static SuitePayload fromBuild() {
        Path suiteDir = Path.of(property("fdmux.containers.suiteDir"));
        Path listFile = suiteDir.resolve("classpath.txt");
        Path launcher = suiteDir.resolve("junit-platform-console-standalone.jar");
        Path testClasses = Path.of(property("fdmux.containers.testClasses"));
        for (Path p : List.of(listFile, launcher, testClasses)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: the build's process-test-classes phase writes it;"
                        + " run the tests through Maven (mvn -B verify)");
            }
        }
        String list;
        try {
            list = Files.readString(listFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + listFile + ": " + e, e);
        }
        List<Item> items = new ArrayList<>();
        List<String> cp = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int n = 0;
        for (String entry : list.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path host = Path.of(entry);
            if (!Files.exists(host)) {
                throw new IllegalStateException(host + " (listed in " + listFile + ") is missing: rebuild");
            }
            n++;
            String name = Files.isDirectory(host) ? String.format("%02d-%s-classes", n, moduleOf(host))
                    : host.getFileName().toString();
            if (!names.add(name)) {
                name = n + "-" + name;
            }
            items.add(new Item(host, "lib/" + name));
            cp.add(ROOT + "/lib/" + name);
        }
        items.add(new Item(testClasses, "test-classes"));
        cp.add(ROOT + "/test-classes");
        items.add(new Item(launcher, LAUNCHER.substring(ROOT.length() + 1)));
        Path staged = suiteDir.resolve("payload");
        try {
            stage(items, staged);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot stage the payload in " + staged + ": " + e, e);
        }
        return new SuitePayload(staged, items.size(), String.join(":", cp));
    }

    private static void stage(List<Item> items, Path staged) throws IOException {
        if (Files.exists(staged)) {
            try (Stream<Path> old = Files.walk(staged)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Item i : items) {
            Path to = staged.resolve(i.relative());
            Files.createDirectories(to.getParent());
            if (!Files.isDirectory(i.host())) {
                Files.copy(i.host(), to, StandardCopyOption.COPY_ATTRIBUTES);
                continue;
            }
            try (Stream<Path> tree = Files.walk(i.host())) {
                for (Path p : tree.toList()) {
                    Path q = to.resolve(i.host().relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(q);
                    } else {
                        Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven"
                    + " (mvn -B verify), whose surefire configuration in integration-tests/pom.xml sets it");
        }
        return v;
    }

    /** {@code .../backend-epoll/target/classes} → {@code backend-epoll}. */
    private static String moduleOf(Path classesDir) {
        Path target = classesDir.getParent();
        Path module = target == null ? null : target.getParent();
        return module == null || module.getFileName() == null ? "module" : module.getFileName().toString();
    }

    /**
     * Copies everything into the volume at {@link #ROOT} of a created container.
     *
     * @param client      the Docker client
     * @param containerId the container
     */
    void copyInto(DockerClient client, String containerId) {
        client.copyArchiveToContainerCmd(containerId).withHostResource(staged.toString()).withDirChildrenOnly(true)
                .withRemotePath(ROOT).exec();
    }
}
