package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the small application of src/test/app (a user's program: it requires only the API) and
 * runs it in a fresh JVM of a given JDK on the module path or the class path made of fdmux's library
 * jars and their run-time dependencies, as Maven resolved them (target/fdmux-runtime-path.txt).
 */
final class AppLauncher {
    static final String MAIN = "app.EchoRoundTrip";
    static final String MODULE = "fdmux.app";

    /** What one run printed. */
    record Run(String jdk, List<String> command, int exit, String out, String err) {
        List<String> warnings() {
            return err.lines().filter(l -> l.startsWith("WARNING")).collect(Collectors.toList());
        }

        String describe() {
            return "JDK " + jdk + ": " + String.join(" ", command) + "\nexit " + exit + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    private AppLauncher() {
    }

    /** The library jars (or classes directories, in a build that stops before package) and their dependencies. */
    static List<Path> runtimePath() throws IOException {
        String file = System.getProperty("fdmux.runtimePath");
        assumeTrue(file != null, "fdmux.runtimePath is not set: run this test through Maven (integration-tests' pom writes it)");
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        return Arrays.stream(text.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of)
                .collect(Collectors.toList());
    }

    /** Module names on that path, as the JVM will see them: fdmux's own must be explicit, not automatic. */
    static ModuleFinder finder() throws IOException {
        return ModuleFinder.of(runtimePath().toArray(Path[]::new));
    }

    /**
     * The JDK home for a feature release: this JVM's, else -Dfdmux.jdkNN / FDMUX_JDKNN, else JAVA_HOME_NN_X64
     * (GitHub's runners), else Debian's and Temurin's usual places; the test is skipped, saying where it
     * looked, when there is none.
     */
    static Path jdk(int feature) {
        if (Runtime.version().feature() == feature) {
            return Path.of(System.getProperty("java.home"));
        }
        List<String> candidates = new ArrayList<>();
        String named = System.getProperty("fdmux.jdk" + feature, System.getenv("FDMUX_JDK" + feature));
        if (named != null && !named.isBlank()) {
            candidates.add(named);
        }
        for (String arch : List.of("X64", "ARM64", "arm64")) { // GitHub runners: JAVA_HOME_17_X64, JAVA_HOME_17_arm64
            String home = System.getenv("JAVA_HOME_" + feature + "_" + arch);
            if (home != null && !home.isBlank()) {
                candidates.add(home);
            }
        }
        candidates.addAll(List.of("/usr/lib/jvm/java-" + feature + "-openjdk-amd64",
                "/usr/lib/jvm/java-" + feature + "-openjdk-arm64", "/usr/lib/jvm/temurin-" + feature + "-jdk-amd64",
                "/usr/lib/jvm/temurin-" + feature + "-jdk-arm64", "/usr/lib/jvm/java-" + feature + "-openjdk"));
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c, "bin", "java"))) {
                return Path.of(c);
            }
        }
        assumeTrue(false, "no JDK " + feature + " here: looked at " + candidates
                + " (name one with -Dfdmux.jdk" + feature + "=/path/to/jdk or FDMUX_JDK" + feature + ")");
        throw new AssertionError("unreachable");
    }

    /** Compiles the application: as a module (with its module-info) or for the class path (without). */
    static Path compile(boolean asModule) throws IOException {
        Path src = Paths.get(System.getProperty("fdmux.appSources", "src/test/app")).resolve(MODULE);
        Path out = Paths.get("target", asModule ? "app-module" : "app-classpath");
        if (Files.exists(out)) {
            try (Stream<Path> old = Files.walk(out)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        List<String> sources;
        try (Stream<Path> files = Files.walk(src)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> asModule || !p.getFileName().toString().equals("module-info.java"))
                    .map(Path::toString).sorted().collect(Collectors.toList());
        }
        String path = joined(runtimePath());
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
                asModule ? "--module-path" : "--class-path", path));
        args.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, System.out, System.err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new AssertionError("javac " + String.join(" ", args) + " failed (" + rc + ")");
        }
        return out;
    }

    /**
     * Runs the application on the module path ({@code asModule}) or the class path of JDK
     * {@code feature} with these JVM flags.
     */
    static Run launch(int feature, boolean asModule, String... flags) throws Exception {
        Path jdk = jdk(feature);
        Path app = compile(asModule);
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
        cmd.addAll(forwardedProperties());
        cmd.addAll(List.of(flags));
        String path = app + java.io.File.pathSeparator + joined(runtimePath());
        cmd.addAll(asModule ? List.of("--module-path", path, "--module", MODULE + "/" + MAIN)
                : List.of("--class-path", path, MAIN));
        return run(jdk, cmd);
    }

    /**
     * The properties that make a backend available to this JVM (libkqueue for KQUEUE on Linux): the
     * application must see the same backends as {@link EchoAppAssertions} asks this JVM about.
     */
    private static List<String> forwardedProperties() {
        String kqueue = System.getProperty("fdmux.kqueue.library", "");
        return kqueue.isEmpty() ? List.of() : List.of("-Dfdmux.kqueue.library=" + kqueue);
    }

    private static Run run(Path jdk, List<String> cmd) throws Exception {
        Path out = Files.createTempFile("fdmux-app", ".out");
        Path err = Files.createTempFile("fdmux-app", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS"); // a warning-free run must not depend on the caller's
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("FDMUX_BACKEND");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("still running after 120 s: " + String.join(" ", cmd));
            }
            return new Run(jdk.getFileName().toString(), cmd, p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String joined(List<Path> path) {
        return path.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
