package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fdmux serve} as a real process: it prints its port, serves, and on SIGTERM closes everything and says so. */
@Timeout(60)
class ServeProcessTest {
    private static final String EOF = new String("end of output");

    @Test
    void sigtermClosesEveryConnectionListenerAndPoller() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("windows"), "needs SIGTERM");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--mode", "edge", "--loops", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // Read the output on its own thread: reading while the process exits races with the JDK's
        // process reaper, which swaps the pipe for what was left in it.
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("(reading failed: " + e + ")");
            }
            lines.add(EOF);
        });
        reader.start();
        try {
            StringBuilder seen = new StringBuilder();
            int port = -1;
            while (port < 0) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                if (line == null || line == EOF) {
                    break;
                }
                seen.append(line).append('\n');
                if (line.startsWith("listening on 127.0.0.1:")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                }
            }
            assertTrue(port > 0, "no port printed:\n" + seen);
            assertTrue(seen.toString().contains("mode edge (native)"), seen.toString());
            assertTrue(seen.toString().contains("Capabilities of"), seen.toString());

            Socket a = new Socket();
            a.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            a.setSoTimeout(10_000);
            Socket b = new Socket();
            b.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            b.setSoTimeout(10_000);
            for (Socket s : new Socket[] {a, b}) {
                s.getOutputStream().write(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, s.getInputStream().readNBytes(3));
            }

            p.toHandle().destroy(); // SIGTERM, leaving our end of its output open (Process.destroy closes it)
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server exits on SIGTERM");
            reader.join(10_000);
            StringBuilder rest = new StringBuilder();
            for (String line : lines) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("fdmux serve: stopped: closed 2 connections, 2 listeners, 2 pollers"),
                    "shutdown summary:\n" + rest);
            assertEquals(-1, a.getInputStream().read(), "its connections were closed");
            assertEquals(-1, b.getInputStream().read(), "its connections were closed");
            a.close();
            b.close();
        } finally {
            p.destroyForcibly();
        }
    }

}
