package io.github.fdmux.it.containers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * Runs Java inside a started container (as the container's user): the conformance suite through the
 * JUnit console launcher, or a probe's main. Every run is bounded by coreutils' {@code timeout}, so
 * a hang ends as exit status 124 instead of a stuck build.
 */
final class SuiteRun {
    /** The suite: {@link io.github.fdmux.it.ConformanceTest}, unchanged. */
    static final String SUITE_CLASS = "io.github.fdmux.it.ConformanceTest";
    /** What the suite needs on any JDK (17 accepts both; 22+ wants the second for JNR). */
    static final List<String> JVM_FLAGS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");
    /** Exit status of {@code timeout} when it had to stop the command. */
    static final int TIMED_OUT = 124;
    private static final String REPORTS = "/tmp/fdmux-reports";

    /**
     * @param exitCode the command's exit status
     * @param stdout   its standard output
     * @param stderr   its standard error
     * @param report   the suite's report (null for a probe)
     * @param seconds  how long it took
     */
    record Result(int exitCode, String stdout, String stderr, SuiteReport report, double seconds) {
        /** @return the exit status, with the tail of the output, for assertion messages */
        String diagnostics() {
            return "exit " + exitCode + (exitCode == TIMED_OUT ? " (timed out: something hung)" : "") + "\n--- stdout\n"
                    + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
        }
    }

    private SuiteRun() {
    }

    /**
     * @param c        the container
     * @param java     the java command in it
     * @param jvmArgs  extra JVM arguments (system properties)
     * @param payload  what was copied in
     * @param limitSec the most the suite may take
     * @return the outcome and the report
     * @throws IOException if the report cannot be read back
     * @throws InterruptedException if interrupted
     */
    static Result suite(GenericContainer<?> c, String java, List<String> jvmArgs, SuitePayload payload, int limitSec)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(timeout(limitSec));
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", SuitePayload.LAUNCHER, "execute", "--disable-banner", "--disable-ansi-colors",
                "--details=summary", "--fail-if-no-tests", "--class-path", payload.classPath(),
                "--select-class", SUITE_CLASS, "--reports-dir", REPORTS));
        long start = System.nanoTime();
        ExecResult r = c.execInContainer(cmd.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        SuiteReport report = null;
        ExecResult xml = c.execInContainer("cat", REPORTS + "/TEST-junit-jupiter.xml");
        if (xml.getExitCode() == 0) {
            report = SuiteReport.parse(xml.getStdout());
        }
        return new Result(r.getExitCode(), r.getStdout(), r.getStderr(), report, seconds);
    }

    /**
     * @param c        the container
     * @param java     the java command in it
     * @param jvmArgs  extra JVM arguments
     * @param payload  what was copied in
     * @param mainClass the class to run
     * @return the outcome
     * @throws IOException on failure to exec
     * @throws InterruptedException if interrupted
     */
    static Result main(GenericContainer<?> c, String java, List<String> jvmArgs, SuitePayload payload,
            String mainClass) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(timeout(120));
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", payload.classPath(), mainClass));
        long start = System.nanoTime();
        ExecResult r = c.execInContainer(cmd.toArray(String[]::new));
        return new Result(r.getExitCode(), r.getStdout(), r.getStderr(), null, (System.nanoTime() - start) / 1e9);
    }

    private static List<String> timeout(int seconds) {
        return List.of("timeout", "--kill-after=10", Integer.toString(seconds));
    }
}
