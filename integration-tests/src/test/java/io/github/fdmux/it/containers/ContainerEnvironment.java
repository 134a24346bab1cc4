package io.github.fdmux.it.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Everything the container tests need before they start one: that they are wanted
 * ({@code -Dfdmux.containers=auto|required|off}), this build's payload, a Docker engine that
 * answers, Testcontainers' client on it, and the local image (built by
 * {@code integration-tests/containers/build-image.sh}). In {@code auto} mode anything missing skips
 * each container test with a message saying exactly what; in {@code required} mode (profile
 * {@code containers}, CI) it fails them, after trying to build a missing image.
 */
final class ContainerEnvironment {
    /** Whether the container tests run. */
    enum Want { AUTO, REQUIRED, OFF }

    final Want want;
    final SuitePayload payload;
    final DockerEngine engine;
    final String apiVersion;
    final DockerClient client;
    final String image;

    private ContainerEnvironment(Want want, SuitePayload payload, DockerEngine engine, String apiVersion,
            DockerClient client, String image) {
        this.want = want;
        this.payload = payload;
        this.engine = engine;
        this.apiVersion = apiVersion;
        this.client = client;
        this.image = image;
    }

    /**
     * What was found: the environment, or what is missing.
     *
     * @param env     the environment, if every piece is there, else null
     * @param want    what the build asked for
     * @param missing why the container tests cannot run, or null
     */
    record Found(ContainerEnvironment env, Want want, String missing) {

        /**
         * @return the environment; if something is missing, skips the calling test saying exactly
         *     what ({@code auto}), or fails it ({@code required})
         */
        ContainerEnvironment require() {
            if (env != null) {
                return env;
            }
            if (want == Want.REQUIRED) {
                Assertions.fail(missing + " (required by -Dfdmux.containers=required, -Pcontainers or FDMUX_CONTAINERS=required)");
            }
            Assumptions.abort(missing);
            throw new AssertionError("unreachable");
        }
    }

    /** @return the environment, or what is missing */
    static Found find() {
        Want want;
        try {
            want = want();
        } catch (IllegalArgumentException e) {
            return new Found(null, Want.REQUIRED, e.getMessage());
        }
        if (want == Want.OFF) {
            return new Found(null, want, "container tests are off (-Dfdmux.containers=off)");
        }
        try {
            return new Found(open(want), want, null);
        } catch (Missing e) {
            return new Found(null, want, "container tests cannot run: " + e.getMessage());
        }
    }

    /** Something the container tests need is not there; the message says what. */
    private static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;

        Missing(String message) {
            super(message);
        }
    }

    private static ContainerEnvironment open(Want want) throws Missing {
        SuitePayload payload;
        try {
            payload = SuitePayload.fromBuild();
        } catch (IllegalStateException e) {
            throw new Missing(e.getMessage());
        }
        DockerEngine.Probe probe = DockerEngine.probe();
        if (probe.missing != null) {
            throw new Missing(probe.missing);
        }
        String api = probe.engine.negotiateApiVersion();
        DockerClient client;
        try {
            client = DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new Missing("Testcontainers cannot use the " + probe.engine + ": " + e.getMessage());
        }
        String image;
        try {
            image = image(want, client);
        } catch (IOException e) {
            throw new Missing(e.getMessage());
        }
        return new ContainerEnvironment(want, payload, probe.engine, api, client, image);
    }

    private static Want want() {
        // The property wins; the environment variable lets CI require containers while running the
        // README's plain `mvn -B verify`.
        String v = System.getProperty("fdmux.containers");
        if (v == null || v.isBlank()) {
            v = System.getenv("FDMUX_CONTAINERS");
        }
        v = (v == null || v.isBlank() ? "auto" : v).trim().toUpperCase(Locale.ROOT);
        try {
            return Want.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dfdmux.containers=" + v.toLowerCase(Locale.ROOT)
                    + ": expected auto, required or off", e);
        }
    }

    /** The image name is a hash of the build script, which {@code --print-tag} prints. */
    private static String image(Want want, DockerClient client) throws IOException {
        Path script = Path.of(System.getProperty("fdmux.containers.buildScript", "containers/build-image.sh"));
        if (!Files.isRegularFile(script)) {
            throw new IOException("the image build script " + script + " is missing");
        }
        String image = run(script, "--print-tag").strip();
        if (present(client, image)) {
            return image;
        }
        String how = "bash " + script + " (Linux, as root, with debootstrap), or bash " + script
                + " --via-docker (macOS, or without debootstrap)";
        if (want != Want.REQUIRED) {
            throw new IOException("the image " + image + " is not built; build it once with: " + how);
        }
        System.out.println("[containers] the image " + image + " is not built: building it with " + script);
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(script + " did not finish in 20 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the image", e);
        }
        if (p.exitValue() != 0 || !present(client, image)) {
            throw new IOException("building the image " + image + " failed (exit " + p.exitValue() + "); build it with: "
                    + how);
        }
        System.out.printf("[containers] built %s in %.0f s%n", image, (System.nanoTime() - start) / 1e9);
        return image;
    }

    private static boolean present(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String run(Path script, String arg) throws IOException {
        Process p = new ProcessBuilder("bash", script.toString(), arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("bash " + script + " " + arg + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    @Override
    public String toString() {
        return engine + ", API " + apiVersion + ", image " + image;
    }
}
