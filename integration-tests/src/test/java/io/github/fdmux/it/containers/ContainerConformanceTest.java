package io.github.fdmux.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.github.fdmux.Backend;
import io.github.fdmux.conformance.Runner;
import io.github.fdmux.it.containers.SuiteReport.Case;
import io.github.fdmux.it.containers.SuiteReport.Status;
import io.github.fdmux.spi.BackendSelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * The conformance suite inside real Linux containers, through Testcontainers against a real Docker
 * engine: the fdmux jars this build made (every backend it produces) and the suite are copied into a
 * container of the local image, run there by the JUnit console launcher, and the XML report is read
 * back and checked against what the host expects, scenario by scenario. Each scenario prints its
 * counts ({@code plain: 198 passed, 0 failed, 165 skipped}).
 *
 * <p>Runs when a Docker engine answers and the image is built; skipped otherwise, saying what is
 * missing ({@code -Pcontainers} turns that into a failure). No registry is used: the image is local
 * and never pulled, Ryuk is off, and every container started here is removed and checked to be gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ContainerConformanceTest {
    private static final String RUN_LABEL = "io.github.fdmux.it.run";
    private static final String RUN_ID = UUID.randomUUID().toString();
    /** The image is built locally: there is nothing to pull it from. */
    private static final ImagePullPolicy NEVER_PULL = image -> false;
    private static final int SUITE_LIMIT_SECONDS = 600;
    private static final String NOBODY = "65534:65534";
    private static final String JFFI_DIR = "/run/fdmux-jffi";
    /** {@code pipe() in Pipe.open failed: EMFILE (errno 24: ...)}: a named call, then EMFILE. */
    private static final Pattern EMFILE_NAMING_CALL = Pattern.compile("(?s).*\\S+.* failed: EMFILE \\(errno \\d+.*");
    private static final Map<String, Integer> LINUX_ERRNO = Map.of("EPERM", 1, "ENOSYS", 38);

    private static ContainerEnvironment.Found found;
    private static ContainerEnvironment env;
    private static ExpectedSuite expected;
    private static final List<String> containers = new ArrayList<>();
    private static final List<String> volumes = new ArrayList<>();

    @BeforeAll
    static void environment() {
        found = ContainerEnvironment.find();
        if (found.missing() != null) {
            System.out.println("[containers] " + found.missing());
            return;
        }
        env = found.env();
        expected = ExpectedSuite.forLinuxContainer();
        System.out.println("[containers] " + env);
        System.out.println("[containers] expecting " + expected.runnableTests() + " tests to run on " + expected.runnable()
                + " " + expected.perTarget() + " and " + expected.skippedTests() + " skipped (" + expected.skipped()
                + " not there); payload " + env.payload.size() + " files and directories");
    }

    @Test
    @Order(1)
    @DisplayName("plain: Debian bookworm with a JRE runs the whole suite, all green")
    void plain() throws Exception {
        found.require();
        try (GenericContainer<?> c = container(null, h -> { })) {
            start(c);
            SuiteRun.Result r = SuiteRun.suite(c, "java", List.of(), env.payload, SUITE_LIMIT_SECONDS);
            SuiteReport rep = assertAllGreen("plain", r);
            print("plain", r, rep, "JRE " + rep.property("java.runtime.version") + " as root");
        }
    }

    @Test
    @Order(2)
    @DisplayName("constrained: non-root, nofile=64, read-only root, one CPU: behaviours adapt or fail with EMFILE")
    void constrained() throws Exception {
        found.require();
        Consumer<HostConfig> limits = h -> h
                .withUlimits(List.of(new Ulimit("nofile", 64L, 64L)))
                .withReadonlyRootfs(true)
                .withNanoCPUs(1_000_000_000L)
                // /tmp noexec, as on hardened hosts; jffi extracts its stub into an exec-capable tmpfs instead.
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=64m",
                        JFFI_DIR, "rw,exec,nosuid,nodev,size=16m"));
        try (GenericContainer<?> c = container(NOBODY, limits)) {
            start(c);
            assertConstraintsInForce(c);

            SuiteRun.Result r = SuiteRun.suite(c, "java", List.of("-Djffi.extract.dir=" + JFFI_DIR), env.payload,
                    SUITE_LIMIT_SECONDS);
            assertNotEquals(SuiteRun.TIMED_OUT, r.exitCode(), () -> "the suite hung: " + r.diagnostics());
            SuiteReport rep = r.report();
            assertNotNull(rep, () -> "no report: " + r.diagnostics());
            for (Case f : rep.with(Status.FAILED)) {
                assertFalse(f.message().contains("did not finish in " + Runner.TIMEOUT_SECONDS),
                        () -> f.name() + " hung: " + f.message());
                assertTrue(EMFILE_NAMING_CALL.matcher(f.message()).matches(),
                        () -> f.name() + " failed, but not with the documented EMFILE error naming the call: "
                                + f.message());
            }
            assertEquals(r.exitCode() == 0, rep.with(Status.FAILED).isEmpty(), () -> r.diagnostics());
            Map<String, Integer> ran = new LinkedHashMap<>(rep.countByTarget(Status.PASSED));
            rep.countByTarget(Status.FAILED).forEach((t, n) -> ran.merge(t, n, Integer::sum));
            assertEquals(expected.given(rep).perTarget(), ran, "tests that ran (passed, or failed with EMFILE) per target");
            assertSkippedOnlyBackendsNotThere(rep);

            SuiteRun.Result probe = SuiteRun.main(c, "java", List.of("-Djffi.extract.dir=" + JFFI_DIR), env.payload,
                    BackendProbe.class.getName());
            Map<String, String> with = lines(probe);
            assertTrue(with.get("status.EPOLL").startsWith("available"), () -> probe.diagnostics());
            assertEquals("1", with.get("cpus"), "processors the JVM sees under --cpus 1");

            // Without jffi.extract.dir, jffi extracts into java.io.tmpdir, a noexec /tmp here: loading fails,
            // and the reason must say so and how to fix it.
            SuiteRun.Result bare = SuiteRun.main(c, "java", List.of(), env.payload, BackendProbe.class.getName());
            Map<String, String> without = lines(bare);
            String status = without.get("status.EPOLL");
            assertTrue(status.startsWith("unavailable") && status.contains("jffi.extract.dir")
                    && status.contains("java.io.tmpdir"), () -> "EPOLL without an exec-capable tmpdir: " + status);
            assertTrue(without.get("named.EPOLL").contains("jffi.extract.dir"), () -> bare.diagnostics());

            print("constrained", r, rep, "uid 65534, nofile 64, read-only root, 1 CPU; " + rep.with(Status.FAILED).size()
                    + " EMFILE failures; without -Djffi.extract.dir: " + status);
        }
    }

    @ParameterizedTest(name = "seccomp: epoll_create and epoll_create1 refused with {0}")
    @ValueSource(strings = {"EPERM", "ENOSYS"})
    @Order(3)
    void seccomp(String errno) throws Exception {
        found.require();
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"epoll_create\","
                + "\"epoll_create1\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":" + LINUX_ERRNO.get(errno) + "}]}";
        try (GenericContainer<?> c = container(null, h -> h.withSecurityOpts(List.of("seccomp=" + profile)))) {
            start(c);
            // The JDK's own Selector uses epoll on Linux too: NIO needs it told to use poll(2).
            SuiteRun.Result r = SuiteRun.main(c, "java",
                    List.of("-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.PollSelectorProvider"), env.payload,
                    BackendProbe.class.getName());
            assertEquals(0, r.exitCode(), () -> r.diagnostics());
            Map<String, String> out = lines(r);

            String named = out.get("named.EPOLL");
            assertFalse(named.startsWith("opened"), "Pollers.open(EPOLL) succeeded: the seccomp profile was not applied");
            assertNamesCallAndErrno("Pollers.open(Backend.EPOLL)", named, errno);
            assertTrue(out.get("status.EPOLL").startsWith("unavailable"), () -> out.get("status.EPOLL"));
            assertNamesCallAndErrno("EPOLL's status", out.get("status.EPOLL"), errno);

            Backend fallback = BackendSelector.automaticOrder("Linux").stream()
                    .filter(b -> b != Backend.EPOLL && expected.runnable().contains(b)).findFirst().orElse(null);
            String auto = out.get("auto");
            String reason = out.get("auto.reason");
            if (fallback != null) {
                assertEquals(fallback.name(), auto, () -> "Pollers.open() with epoll refused: " + reason);
            } else {
                assertEquals("FAILED", auto, () -> "no backend after EPOLL is installed, yet: " + reason);
            }
            assertNamesCallAndErrno("Pollers.open()'s reason", reason, errno);
            System.out.printf("[containers] seccomp %s: Pollers.open() -> %s (%s); Pollers.open(EPOLL) -> %s (%.1f s)%n",
                    errno, auto, reason, named, r.seconds());
        }
    }

    @ParameterizedTest(name = "seccomp: io_uring_setup refused with {0}")
    @ValueSource(strings = {"EPERM", "ENOSYS"})
    @Order(3)
    void seccompIoUring(String errno) throws Exception {
        found.require();
        Assumptions.assumeTrue(expected.runnable().contains(Backend.IO_URING),
                "IO_URING is not installed in this build (fdmux-backend-iouring is not on the class path)");
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"io_uring_setup\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":" + LINUX_ERRNO.get(errno) + "}]}";
        try (GenericContainer<?> c = container(null, h -> h.withSecurityOpts(List.of("seccomp=" + profile)))) {
            start(c);
            SuiteRun.Result r = SuiteRun.main(c, "java", List.of(), env.payload, BackendProbe.class.getName());
            assertEquals(0, r.exitCode(), () -> r.diagnostics());
            Map<String, String> out = lines(r);

            String named = out.get("named.IO_URING");
            assertFalse(named.startsWith("opened"),
                    "Pollers.open(IO_URING) succeeded: the seccomp profile was not applied");
            assertTrue(named.contains("io_uring_setup") && named.contains(errno),
                    () -> "Pollers.open(IO_URING) must name io_uring_setup and " + errno + ": " + named);
            String status = out.get("status.IO_URING");
            assertTrue(status.startsWith("unavailable") && status.contains("io_uring_setup") && status.contains(errno),
                    () -> "IO_URING's status: " + status);
            // The automatic choice never considers IO_URING, so refusing it changes nothing there.
            assertEquals(Backend.EPOLL.name(), out.get("auto"), () -> "Pollers.open(): " + out.get("auto.reason"));
            assertTrue(out.get("named.EPOLL").startsWith("opened"), () -> out.get("named.EPOLL"));
            System.out.printf("[containers] seccomp io_uring_setup %s: Pollers.open() -> %s; Pollers.open(IO_URING) -> %s"
                    + " (%.1f s)%n", errno, out.get("auto"), named, r.seconds());
        }
    }

    @Test
    @Order(4)
    @DisplayName("other JDK: the host's JDK 25 bind-mounted into the container runs the whole suite, all green")
    void otherJdk() throws Exception {
        found.require();
        Path jdk = Path.of(System.getProperty("fdmux.containers.otherJdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path release = jdk.resolve("release");
        Assumptions.assumeTrue(Files.isExecutable(jdk.resolve("bin/java")) && Files.isRegularFile(release),
                () -> "no JDK at " + jdk + " to bind-mount (set -Dfdmux.containers.otherJdk=<a Linux JDK directory>)");
        Properties rel = new Properties();
        try (var in = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
            rel.load(in);
        }
        String os = unquote(rel.getProperty("OS_NAME"));
        String arch = unquote(rel.getProperty("OS_ARCH"));
        String version = unquote(rel.getProperty("JAVA_VERSION"));
        String engineArch = env.client.infoCmd().exec().getArchitecture();
        Assumptions.assumeTrue("Linux".equals(os) && arch.equals(engineArch),
                () -> jdk + " is a " + os + "/" + arch + " JDK; the Docker engine runs " + engineArch + " Linux containers");

        try (GenericContainer<?> c = container(null,
                h -> h.withBinds(new Bind(jdk.toString(), new Volume("/opt/jdk"), AccessMode.ro)))) {
            start(c);
            SuiteRun.Result r = SuiteRun.suite(c, "/opt/jdk/bin/java", List.of(), env.payload, SUITE_LIMIT_SECONDS);
            SuiteReport rep = assertAllGreen("other JDK", r);
            assertEquals(version, rep.property("java.version"), "the suite ran on the bind-mounted JDK");
            print("jdk" + version.split("\\.")[0], r, rep, "JDK " + rep.property("java.runtime.version")
                    + " bind-mounted from " + jdk);
        }
    }

    @AfterAll
    static void noContainerLeftBehind() {
        if (env == null) {
            return;
        }
        List<Container> left = env.client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RUN_LABEL, RUN_ID)).exec();
        List<String> leftVolumes = new ArrayList<>();
        for (String v : volumes) {
            try {
                env.client.inspectVolumeCmd(v).exec();
                leftVolumes.add(v);
            } catch (NotFoundException gone) {
                // removed with its container, as it must be
            }
        }
        for (Container c : left) {
            env.client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        if (!left.isEmpty() || !leftVolumes.isEmpty()) {
            fail("left behind: containers " + left.stream().map(Container::getId).collect(Collectors.toList())
                    + ", volumes " + leftVolumes + " (now removed)");
        }
        System.out.println("[containers] " + containers.size() + " containers started, none left behind (checked by"
                + " label " + RUN_LABEL + "; their " + volumes.size() + " payload volumes are gone too)");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A container of the local image, idle until the test execs into it, with the payload copied into
     * a volume at {@link SuitePayload#ROOT} (copying into a read-only root is refused; into a volume it
     * is not). No network: the suite needs loopback only.
     */
    private static GenericContainer<?> container(String user, Consumer<HostConfig> hostConfig) {
        return new SuiteContainer(DockerImageName.parse(env.image))
                .withImagePullPolicy(NEVER_PULL)
                .withCommand("sleep", "infinity")
                .withLabel(RUN_LABEL, RUN_ID)
                .withNetworkMode("none")
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withVolumes(new Volume(SuitePayload.ROOT));
                    if (user != null) {
                        cmd.withUser(user);
                    }
                    hostConfig.accept(cmd.getHostConfig());
                });
    }

    /** Copies the payload in once the container is created, before it starts. */
    private static final class SuiteContainer extends GenericContainer<SuiteContainer> {
        SuiteContainer(DockerImageName image) {
            super(image);
        }

        @Override
        protected void containerIsCreated(String containerId) {
            env.payload.copyInto(getDockerClient(), containerId);
        }
    }

    private static void start(GenericContainer<?> c) {
        c.start();
        containers.add(c.getContainerId());
        InspectContainerResponse info = c.getContainerInfo();
        for (InspectContainerResponse.Mount m : info.getMounts()) {
            if (m.getName() != null && m.getDestination() != null
                    && SuitePayload.ROOT.equals(m.getDestination().getPath())) {
                volumes.add(m.getName());
            }
        }
    }

    private static SuiteReport assertAllGreen(String scenario, SuiteRun.Result r) {
        SuiteReport rep = r.report();
        assertNotNull(rep, () -> scenario + ": no report: " + r.diagnostics());
        List<Case> failed = rep.with(Status.FAILED);
        assertTrue(failed.isEmpty(), () -> scenario + ": " + failed.size() + " failed: "
                + failed.stream().map(f -> f.name() + ": " + f.message()).collect(Collectors.joining("\n")));
        assertEquals(0, r.exitCode(), () -> scenario + ": " + r.diagnostics());
        ExpectedSuite exp = expected.given(rep);
        assertEquals(exp.perTarget(), rep.countByTarget(Status.PASSED), scenario + ": tests passed per target");
        assertSkippedOnlyBackendsNotThere(rep);
        assertEquals(exp.totalTests(), rep.cases().size(), scenario + ": tests reported");
        return rep;
    }

    /**
     * The only skips are the tests of the backends that are not there, one per behaviour; IO_URING's
     * only because the container refused io_uring_setup (the engine's seccomp profile).
     */
    private static void assertSkippedOnlyBackendsNotThere(SuiteReport rep) {
        ExpectedSuite exp = expected.given(rep);
        for (Case s : rep.with(Status.SKIPPED)) {
            assertTrue(exp.skipped().stream().anyMatch(b -> b.name().equals(s.target())),
                    () -> s.name() + " was skipped: " + s.message());
            if (s.target().equals(Backend.IO_URING.name()) && expected.runnable().contains(Backend.IO_URING)) {
                assertTrue(s.message().contains("io_uring_setup"),
                        () -> s.name() + " was skipped, but not because the container refused io_uring_setup: "
                                + s.message());
            }
        }
        assertEquals(exp.skippedTests(), rep.with(Status.SKIPPED).size(), "tests skipped");
    }

    private static void assertConstraintsInForce(GenericContainer<?> c) throws IOException, InterruptedException {
        ExecResult limits = c.execInContainer("sh", "-c", "id -u; ulimit -Sn; ulimit -Hn");
        assertEquals(List.of("65534", "64", "64"), limits.getStdout().lines().collect(Collectors.toList()),
                "uid, soft and hard RLIMIT_NOFILE in the container");
        ExecResult write = c.execInContainer("sh", "-c", "echo > /fdmux-write-probe");
        assertNotEquals(0, write.getExitCode(), "the root filesystem must be read-only");
        assertTrue(write.getStderr().contains("Read-only file system"), write::getStderr);
    }

    private static void assertNamesCallAndErrno(String what, String message, String errno) {
        assertNotNull(message, what + ": no answer");
        assertTrue(message.contains("epoll_create1") && message.contains(errno),
                () -> what + " must name epoll_create1 and " + errno + ": " + message);
    }

    private static Map<String, String> lines(SuiteRun.Result r) {
        assertEquals(0, r.exitCode(), () -> r.diagnostics());
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : r.stdout().split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                out.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        return s == null ? "?" : s.replace("\"", "");
    }

    private static void print(String scenario, SuiteRun.Result r, SuiteReport rep, String how) {
        System.out.println(scenario + ": " + rep.counts());
        System.out.printf("[containers] %s in %.1f s (%s); passed per target %s%n", scenario, r.seconds(), how,
                rep.countByTarget(Status.PASSED));
    }
}
