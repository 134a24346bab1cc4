package io.github.fdmux.bench.macro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server process started for the run; stopped (SIGTERM, then SIGKILL) by {@link #close()}. */
final class RunningServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    final ServerSpec spec;
    final Process process;
    final int port;

    private RunningServer(ServerSpec spec, Process process, int port) {
        this.spec = spec;
        this.process = process;
        this.port = port;
    }

    static RunningServer start(ServerSpec spec, Path workDir) throws IOException, InterruptedException {
        return spec.nginx() ? startNginx(spec, workDir) : startPrinting(spec, workDir);
    }

    /** Starts a server that prints its port, and keeps draining its output so it never blocks. */
    private static RunningServer startPrinting(ServerSpec spec, Path workDir) throws IOException {
        Path log = workDir.resolve(spec.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        Process p = new ProcessBuilder(spec.command()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException(spec.name() + " exited before saying its port; see " + log));
        }, "out-" + spec.name());
        reader.setDaemon(true);
        reader.start();
        try {
            return new RunningServer(spec, p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException(spec.name() + " did not start: " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    /**
     * nginx with one worker, {@code return 200 "hello"}, no access log, on a free loopback port. With
     * {@code master_process off} that worker is the process started, so its CPU time is measurable
     * like every other server's (the master would only watch it).
     */
    private static RunningServer startNginx(ServerSpec spec, Path workDir) throws IOException, InterruptedException {
        Path prefix = Files.createDirectories(workDir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        int port = freePort();
        String conf = String.join("\n",
                // One process that serves: the worker's CPU time is then this process's, as for every other row.
                "master_process off;",
                "worker_processes 1;",
                "daemon off;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "events { worker_connections 4096; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + prefix.resolve("tmp-body") + ";",
                "  proxy_temp_path " + prefix.resolve("tmp-proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("tmp-fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("tmp-uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("tmp-scgi") + ";",
                "  keepalive_requests 1000000000;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / { default_type text/plain; return 200 \"hello\"; }",
                "  }",
                "}", "");
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        List<String> cmd = new ArrayList<>(spec.command());
        cmd.addAll(List.of("-p", prefix.toString(), "-c", confFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("logs/stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("nginx exited with " + p.exitValue() + "; see " + prefix.resolve("logs"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return new RunningServer(spec, p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("nginx did not listen on port " + port + " in 20 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * @return CPU time the server process has used so far (user + system, every thread), in
     *     microseconds, from /proc/PID/stat; NaN where there is no /proc
     */
    double cpuMicros() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12 (fields 14 and 15 of proc(5))
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1e6 / Env.clockTicks();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
