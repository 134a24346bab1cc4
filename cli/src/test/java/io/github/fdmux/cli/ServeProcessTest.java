package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.soak.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fdmux serve} as a real process: it prints its port, serves, and on SIGTERM or SIGINT (sent
 * with {@code kill}, received through a signal registration) stops accepting, closes everything, says
 * so and exits 0, not 143 or 130 as a JVM ended by the signal would.
 */
@Timeout(120)
class ServeProcessTest {

    static Stream<Backend> backends() {
        return Pollers.statuses().stream().filter(BackendStatus::available).map(BackendStatus::backend);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sigtermClosesEveryConnectionListenerAndPollerAndExitsZero(Backend backend) throws Exception {
        String kill = killBinary();
        try (ServerProcess server = ServerProcess.start(backend, Mode.LEVEL, List.of("--loops", "2"), 0, "256m")) {
            List<Socket> clients = connectAndEcho(server.port(), 2);
            send(kill, "TERM", server.pid());
            assertEquals(0, server.waitForExit(30, TimeUnit.SECONDS), "exit code after SIGTERM:\n" + text(server));
            String out = text(server);
            assertTrue(out.contains("fdmux serve: SIGTERM received: stopping"), "the shutdown is logged:\n" + out);
            assertTrue(out.contains("fdmux serve: stopped: closed 2 connections, 2 listeners, 2 pollers\n"),
                    "shutdown summary:\n" + out);
            for (Socket s : clients) {
                assertEquals(-1, s.getInputStream().read(), "its connections were closed");
                s.close();
            }
            assertNotListening(server.port());
        }
    }

    @Test
    void sigintStopsItTheSameWay() throws Exception {
        String kill = killBinary();
        try (ServerProcess server = ServerProcess.start(first(), Mode.LEVEL, List.of(), 0, "256m")) {
            List<Socket> clients = connectAndEcho(server.port(), 1);
            send(kill, "INT", server.pid());
            assertEquals(0, server.waitForExit(30, TimeUnit.SECONDS), "exit code after SIGINT:\n" + text(server));
            String out = text(server);
            assertTrue(out.contains("fdmux serve: SIGINT received: stopping"), "the shutdown is logged:\n" + out);
            assertTrue(out.contains("fdmux serve: stopped: closed 1 connection, 1 listener, 1 poller\n"), out);
            assertTrue(out.contains("fdmux serve: totals: accepted 1, closed 1,"), out);
            assertEquals(-1, clients.get(0).getInputStream().read(), "its connection was closed");
            clients.get(0).close();
            assertNotListening(server.port());
        }
    }

    /**
     * TERM then INT at once, from one shell (microseconds apart, while the server has barely begun
     * to stop): the second is noted or lost in the shutdown, never a hang nor another exit code.
     */
    @Test
    void aSecondSignalWhileStoppingDoesNotHang() throws Exception {
        killBinary();
        try (ServerProcess server = ServerProcess.start(first(), Mode.LEVEL, List.of("--loops", "3"),
                0, "256m")) {
            List<Socket> clients = connectAndEcho(server.port(), 50);
            run("sh", "-c", "kill -s TERM $0; kill -s INT $0", Long.toString(server.pid()));
            assertEquals(0, server.waitForExit(30, TimeUnit.SECONDS), "exit code after TERM and INT:\n" + text(server));
            String out = text(server);
            assertEquals(1, count(out, "received: stopping"), "one shutdown:\n" + out);
            assertEquals(1, count(out, "fdmux serve: stopped: closed 50 connections, 3 listeners, 3 pollers\n"), out);
            for (Socket s : clients) {
                s.close();
            }
            assertNotListening(server.port());
        }
    }

    private static Backend first() {
        return backends().findFirst().orElseThrow();
    }

    /** @return the path of {@code kill} on the PATH; skips the test if there is none */
    private static String killBinary() {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("windows"), "needs POSIX signals");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "kill");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        assumeTrue(false, "no kill binary on the PATH to send signals with");
        return null;
    }

    private static void send(String kill, String signal, long pid) throws IOException, InterruptedException {
        run(kill, "-s", signal, Long.toString(pid));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command) + " ran");
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + said);
    }

    private static List<Socket> connectAndEcho(int port, int n) throws IOException {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            clients.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            byte[] b = {(byte) i, 2, 3};
            s.getOutputStream().write(b);
            assertArrayEquals(b, s.getInputStream().readNBytes(3), "echo on connection " + i);
        }
        return clients;
    }

    private static void assertNotListening(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            }
        }, "nothing listens on " + port + " any more");
    }

    private static String text(ServerProcess server) throws IOException {
        return server.output().stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
