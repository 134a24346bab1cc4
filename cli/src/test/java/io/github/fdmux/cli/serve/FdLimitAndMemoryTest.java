package io.github.fdmux.cli.serve;

import static io.github.fdmux.cli.serve.HostileClientTest.ascii;
import static io.github.fdmux.cli.serve.HostileClientTest.readToEnd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.cli.soak.ProcessProbe;
import io.github.fdmux.cli.soak.ServerProcess;
import io.github.fdmux.conformance.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fdmux serve} in a child process with limits of its own (this JVM's must stay untouched): a
 * low RLIMIT_NOFILE, and a small heap (hence direct memory limit) against huge buffers. Linux (reads
 * /proc for the child's fds); elsewhere skipped with that reason.
 */
@Timeout(300)
class FdLimitAndMemoryTest {
    private static final int NOFILE = 128;

    static Stream<Target> targets() {
        return Target.available().stream();
    }

    /**
     * 160 clients against a server that can hold about 80: accept fails with EMFILE while the rest
     * wait in the backlog. The server must not spin (the listener stays readable: LEVEL and the
     * oneshot re-arm report it again at once) nor flood its log, and once fds come free it must take
     * the waiting connections without a new arrival (under EDGE none would be reported).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void atTheFdLimitTheServerBacksOffAndLaterTakesTheWaitingConnections(Target t) throws Exception {
        assumeTrue(ProcessProbe.supported(), "needs /proc to count the server's fds (Linux)");
        try (ServerProcess server = ServerProcess.start(t.backend(), t.mode(), List.of("--idle-timeout", "0"), NOFILE,
                "128m")) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 160; i++) {
                    clients.add(connect(server.port()));
                }
                waitFor(() -> acceptFailures(server) > 0, server, "accept to fail at the fd limit");
                assertTrue(server.isAlive(), "the server survives the fd limit");
                long cpu0 = server.cpuNanos();
                long failures0 = acceptFailures(server);
                long window = System.nanoTime();
                Thread.sleep(1_000); // a measuring window, not a wait for a condition
                long cpu = server.cpuNanos() - cpu0;
                long elapsed = System.nanoTime() - window;
                long lines = acceptFailures(server) - failures0;
                assertTrue(cpu0 < 0 || cpu < elapsed / 4, "the server spins at the fd limit: "
                        + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms of CPU in " + TimeUnit.NANOSECONDS.toMillis(elapsed)
                        + " ms");
                assertTrue(lines <= 2, lines + " 'accept failed' lines in one second: the log is not rate-limited");
                // Free fds: the server sees these clients leave and closes its ends.
                for (Socket s : clients.subList(0, 100)) {
                    s.close();
                }
                List<Socket> waiting = clients.subList(100, clients.size());
                for (int i = 0; i < waiting.size(); i++) {
                    byte[] b = {(byte) i};
                    Socket s = waiting.get(i);
                    s.getOutputStream().write(b);
                    assertArrayEquals(b, s.getInputStream().readNBytes(1),
                            "connection " + (100 + i) + ", queued at the fd limit, is served once fds are free");
                }
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            List<String> out = server.output();
            assertTrue(out.size() < 100, "a bounded log: " + out.size() + " lines");
        }
    }

    /**
     * Buffers of 16 MiB against a 64 MiB direct memory limit: clients that leave a partial request
     * (so the server keeps their buffers) exhaust it by the third or so. That connection must be
     * dropped alone: the server stays up, and serves again once memory is free.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void outOfMemoryDropsOnlyThatConnection(Target t) throws Exception {
        try (ServerProcess server = ServerProcess.start(t.backend(), t.mode(),
                List.of("--http", "--buffer", "16777216", "--idle-timeout", "0"), 0, "64m")) {
            List<Socket> clients = new ArrayList<>();
            int dropped = -1;
            try {
                for (int i = 0; i < 6 && dropped < 0; i++) {
                    Socket s = connect(server.port());
                    clients.add(s);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nX-Partial: y\r\n".getBytes(StandardCharsets.US_ASCII));
                    // The JDK retries a failed direct allocation after a System.gc() and up to ~0.5 s of
                    // back-off sleeps before it throws: give the server time to say.
                    s.setSoTimeout(3_000);
                    if (closedByServer(s.getInputStream())) {
                        dropped = i;
                    }
                }
                assertTrue(dropped > 0, "some connection (not the first) ran out of direct memory and was closed ("
                        + dropped + "): " + server.output());
                assertTrue(server.isAlive(), "the server survives: " + server.output());
                for (Socket s : clients) {
                    s.close();
                }
                clients.clear();
                // Memory came back (to the pool): a new client is served.
                try (Socket s = connect(server.port())) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertEquals(ascii(HttpCodec.OK_CLOSE), readToEnd(s.getInputStream()));
                }
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            assertTrue(server.output().stream().anyMatch(l -> l.contains("out of memory")),
                    "it said why: " + server.output());
        }
    }

    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false; // still open, waiting for the rest of the request
        } catch (java.net.SocketException e) {
            return true;  // reset
        }
    }

    private static long acceptFailures(ServerProcess server) throws IOException {
        long n = 0;
        for (String line : server.output()) {
            if (line.contains("accept failed")) {
                n++;
            }
        }
        return n;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check c, ServerProcess server, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.ok()) {
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new AssertionError("timed out waiting for " + what + "; server said: " + server.output());
            }
            Thread.sleep(20);
        }
    }
}
