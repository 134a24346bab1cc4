package io.github.fdmux.cli.soak;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fdmux serve} as a child process of this JVM (same java, same class path, same native-access
 * flags), so that its fds and memory can be measured apart from the load generator's. Stopped with
 * SIGTERM, after which it prints its summary and totals and exits 0.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    /** Its output goes to a file: reading a pipe while the process exits races with the JDK's reaper. */
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        int p = -1;
        long deadline = System.nanoTime() + 60_000_000_000L;
        try {
            while (p < 0) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith("listening on ")) {
                        p = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                    }
                }
                if (p < 0) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("fdmux serve did not say where it listens: "
                                + Files.readAllLines(log, StandardCharsets.UTF_8));
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while waiting for fdmux serve", e);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        this.port = p;
    }

    /**
     * Starts {@code fdmux serve --backend B --mode M --loops L --idle-timeout 0 --port 0}.
     *
     * @param backend the backend
     * @param mode the mode
     * @param loops event loops
     * @return the running server, once it listens
     * @throws IOException if it cannot be started or does not listen within a minute
     */
    public static ServerProcess start(Backend backend, Mode mode, int loops) throws IOException {
        return start(backend, mode, List.of("--loops", Integer.toString(loops), "--idle-timeout", "0"), 0, "512m");
    }

    /**
     * Starts {@code fdmux serve --backend B --mode M --port 0} with more options and limits of its own.
     *
     * @param backend the backend
     * @param mode the mode
     * @param options more {@code fdmux serve} options, e.g. {@code --http}
     * @param noFile if positive, its RLIMIT_NOFILE (soft and hard, set by {@code sh -c ulimit -n} before
     *     the JVM starts, so the server cannot raise it)
     * @param maxHeap its {@code -Xmx} (and so its direct memory limit), e.g. {@code 512m}
     * @return the running server, once it listens
     * @throws IOException if it cannot be started or does not listen within a minute
     */
    public static ServerProcess start(Backend backend, Mode mode, List<String> options, int noFile, String maxHeap)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (noFile > 0) {
            cmd.addAll(List.of("sh", "-c", "ulimit -n " + noFile + " && exec \"$0\" \"$@\""));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        String kqueueLibrary = System.getProperty("fdmux.kqueue.library");
        if (kqueueLibrary != null && !kqueueLibrary.isEmpty()) {
            cmd.add("-Dfdmux.kqueue.library=" + kqueueLibrary);
        }
        cmd.add("-Xmx" + maxHeap);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.github.fdmux.cli.Main", "serve",
                "--backend", backend.id(), "--mode", mode.id(), "--port", "0"));
        cmd.addAll(options);
        Path log = Files.createTempFile("fdmux-soak-serve", ".log");
        log.toFile().deleteOnExit();
        return new ServerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
                log);
    }

    /**
     * @return what it printed so far
     * @throws IOException if its log cannot be read
     */
    public List<String> output() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** @return the CPU time it has used so far, in nanoseconds, or -1 if the platform does not say */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** @return the port it listens on (127.0.0.1) */
    public int port() {
        return port;
    }

    /** @return its process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether it still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for it to exit (after a signal sent by other means than {@link #stop()}).
     *
     * @param timeout how long to wait
     * @param unit its unit
     * @return its exit code, or -1 if it still runs
     * @throws InterruptedException if interrupted
     */
    public int waitForExit(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit) ? process.exitValue() : -1;
    }

    /**
     * Sends SIGTERM and collects what it prints until it exits.
     *
     * @return every line it printed
     * @throws InterruptedException if interrupted
     */
    public List<String> stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(reading the server's output failed: " + e + ")");
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
