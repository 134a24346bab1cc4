package io.github.fdmux.it.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Docker engine and asks its version over the unix socket with the JDK alone, before
 * Testcontainers is touched: so a machine without Docker gets one sentence saying exactly what is
 * missing, and an engine older than the API version Testcontainers asks for by default is spoken to
 * in its own version.
 *
 * @param socket     the unix socket that answered, or null when {@code DOCKER_HOST} is not a unix socket
 * @param version    the engine's version, e.g. {@code 20.10.24+dfsg1}
 * @param apiVersion its highest API version, e.g. {@code 1.41}
 * @param arch       its architecture as Go names it, e.g. {@code amd64}
 */
record DockerEngine(Path socket, String version, String apiVersion, String arch) {
    /** What Testcontainers 2.0 asks for unless {@code api.version} says otherwise (Docker 29 needs it). */
    static final String TESTCONTAINERS_API = "1.44";
    private static final long TIMEOUT_SECONDS = 10;

    /** The engine, or why there is none. */
    static final class Probe {
        final DockerEngine engine;
        final String missing;

        private Probe(DockerEngine engine, String missing) {
            this.engine = engine;
            this.missing = missing;
        }
    }

    /** @return the engine that answers, or a sentence saying what is missing */
    static Probe probe() {
        String dockerHost = System.getenv("DOCKER_HOST");
        List<Path> candidates = new ArrayList<>();
        if (dockerHost != null && !dockerHost.isBlank()) {
            if (!dockerHost.startsWith("unix://")) {
                // tcp://, ssh://, npipe://: Testcontainers knows how; nothing to probe with the JDK.
                return new Probe(new DockerEngine(null, "?", "?", "?"), null);
            }
            candidates.add(Path.of(dockerHost.substring("unix://".length())));
        } else {
            String home = System.getProperty("user.home");
            candidates.add(Path.of("/var/run/docker.sock"));
            candidates.add(Path.of(home, ".docker", "run", "docker.sock")); // Docker Desktop 4.13+
        }
        List<String> tried = new ArrayList<>();
        for (Path socket : candidates) {
            if (!Files.exists(socket)) {
                tried.add(socket + " does not exist");
                continue;
            }
            try {
                return new Probe(ask(socket), null);
            } catch (IOException e) {
                tried.add(socket + ": " + e.getMessage());
            }
        }
        String colima = Path.of(System.getProperty("user.home"), ".colima", "default", "docker.sock").toString();
        return new Probe(null, "no Docker engine answers (" + String.join("; ", tried) + "). Start one (Linux: dockerd;"
                + " macOS: Docker Desktop, or colima with DOCKER_HOST=unix://" + colima
                + " and TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE=/var/run/docker.sock), or set DOCKER_HOST");
    }

    private static DockerEngine ask(Path socket) throws IOException {
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-engine-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<String> f = exec.submit(() -> get(socket, "/version"));
            String body = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String api = field(body, "ApiVersion");
            if (api == null) {
                throw new IOException("GET /version answered without an ApiVersion: " + body);
            }
            return new DockerEngine(socket, field(body, "Version"), api, field(body, "Arch"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException ? (IOException) c : new IOException(c.toString(), c);
        } catch (TimeoutException e) {
            throw new IOException("no answer to GET /version in " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            exec.shutdownNow();
        }
    }

    /** HTTP/1.0 so the engine closes the connection after the body: read to end of stream. */
    private static String get(Path socket, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer req = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            while (req.hasRemaining()) {
                ch.write(req);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String response = out.toString(StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            String status = response.lines().findFirst().orElse("");
            if (!status.matches("HTTP/1\\.[01] 200.*")) {
                throw new IOException("GET " + path + " answered " + status);
            }
            return body < 0 ? "" : response.substring(body + 4);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Makes docker-java speak this engine's API version where it is older than the one Testcontainers
     * asks for by default (Debian bookworm's docker.io 20.10 speaks 1.41 and refuses 1.44). docker-java
     * takes the {@code api.version} system property over its default; one set by the user is kept.
     *
     * @return the API version in force, and where it came from
     */
    String negotiateApiVersion() {
        String set = System.getProperty("api.version");
        if (set != null) {
            return set + " (api.version set by the user)";
        }
        if (socket == null || compare(apiVersion, TESTCONTAINERS_API) >= 0) {
            return "Testcontainers' default";
        }
        System.setProperty("api.version", apiVersion);
        return apiVersion + " (the engine's; Testcontainers would ask for " + TESTCONTAINERS_API + ")";
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return socket == null ? "Docker engine at DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                : "Docker engine " + version + " (API " + apiVersion + ", " + arch + ") at " + socket;
    }
}
