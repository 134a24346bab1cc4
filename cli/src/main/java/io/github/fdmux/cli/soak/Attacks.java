package io.github.fdmux.cli.soak;

import io.github.fdmux.cli.soak.Attack.Outcome;
import io.github.fdmux.cli.soak.Attack.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attack set: the five failures of issue 18 and the hardening it asked for, each an
 * {@link Attack} whose body is one method here. Every loop is bounded by the deadline or a count; every address is 127.0.0.1.
 */
final class Attacks {
    static final String TOO_LARGE = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n";
    static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

    private Attacks() {
    }

    /** @return every attack, in the order they run */
    static List<Attack> all() {
        return List.of(
                new Attack("fd-limit",
                        "1,000 connections held against RLIMIT_NOFILE 256: accept fails with EMFILE",
                        true, Attacks::fdLimit),
                new Attack("oversized-header",
                        "header blocks larger than the input buffer, without a blank line: one 431, then close",
                        false, Attacks::oversizedHeader),
                new Attack("fin-with-data",
                        "bursts of 50 connections sending a request and FIN together: answered, then closed",
                        false, Attacks::finWithData),
                new Attack("slowloris",
                        "100 connections trickling a header a byte every 200 ms: closed by --request-timeout",
                        false, Attacks::slowloris),
                new Attack("not-http",
                        "random bytes, then a blank line: one 400, then close",
                        false, Attacks::notHttp),
                new Attack("memory",
                        "150 partial requests keeping 2 buffers each, past the server's direct memory limit",
                        false, Attacks::memoryPressure));
    }

    /** 1,000 connection attempts against a server whose RLIMIT_NOFILE is 256. */
    private static Outcome fdLimit(Target t, long deadline) throws Exception {
        long seconds = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
        long linesBefore = count(t.server(), "accept failed");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
                try {
                    held.add(connect(t.server().port(), 2_000));
                } catch (IOException e) {
                    break; // the backlog is full: enough
                }
            }
            sleepUntil(deadline);
        } finally {
            closeAll(held);
        }
        long lines = count(t.server(), "accept failed") - linesBefore;
        return new Outcome(lines <= seconds + 2, held.size() + " connections held; " + lines
                + " 'accept failed' log lines (bounded: at most one a second)");
    }

    /** Header blocks larger than the server's buffer, one connection after another. */
    private static Outcome oversizedHeader(Target t, long deadline) throws Exception {
        byte[] header = ("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(t.bufferBytes() + 4096))
                .getBytes(StandardCharsets.US_ASCII);
        int connections = 0;
        int one431 = 0;
        int more = 0;
        int none = 0;
        while (System.nanoTime() < deadline && connections < 100_000) {
            connections++;
            try (Socket s = connect(t.server().port(), 5_000)) {
                try {
                    s.getOutputStream().write(header);
                } catch (IOException e) {
                    // the server answered and closed before taking it all: read what came
                }
                String got = readToEnd(s.getInputStream(), 1 << 20);
                if (got.equals(TOO_LARGE)) {
                    one431++;
                } else if (got.isEmpty()) {
                    none++; // a reset overtook the answer (our unread bytes in the server's buffer)
                } else {
                    more++;
                }
            }
        }
        return new Outcome(more == 0 && one431 > 0, connections + " oversized requests: " + one431
                + " got one 431 then a close, " + none + " only a reset, " + more + " something else");
    }

    /** A request and its FIN sent together: EDGE once left these in CLOSE_WAIT. */
    private static Outcome finWithData(Target t, long deadline) throws Exception {
        byte[] request = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int sent = 0;
        int closed = 0;
        while (System.nanoTime() < deadline && sent < 100_000) {
            List<Socket> burst = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket s = connect(t.server().port(), 5_000);
                    burst.add(s);
                    s.getOutputStream().write(request);
                    s.shutdownOutput();
                    sent++;
                }
                for (Socket s : burst) {
                    s.setSoTimeout(5_000);
                    try {
                        if (readToEnd(s.getInputStream(), 4096).equals(OK)) {
                            closed++;
                        }
                    } catch (SocketTimeoutException e) {
                        // left open: counted by the difference
                    }
                }
            } finally {
                closeAll(burst);
            }
        }
        return new Outcome(closed == sent, sent + " request+FIN connections: " + closed
                + " answered and closed by the server, " + (sent - closed) + " left open");
    }

    /** Header bytes trickling in, one every 200 ms. */
    private static Outcome slowloris(Target t, long deadline) throws Exception {
        List<Socket> slow = new ArrayList<>();
        boolean[] gone = new boolean[100];
        int closedInTime = 0;
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = connect(t.server().port(), 5_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long start = System.nanoTime();
            for (int round = 0; round < 10_000 && System.nanoTime() < deadline; round++) {
                for (int i = 0; i < slow.size(); i++) {
                    if (!gone[i]) {
                        try {
                            slow.get(i).getOutputStream().write('a');
                        } catch (IOException e) {
                            gone[i] = true;
                            if ((System.nanoTime() - start) / 1_000_000 < t.requestTimeoutMillis() * 3 + 1_000) {
                                closedInTime++;
                            }
                        }
                    }
                }
                Thread.sleep(200);
            }
        } finally {
            closeAll(slow);
        }
        int stillOpen = 0;
        for (boolean g : gone) {
            stillOpen += g ? 0 : 1;
        }
        return new Outcome(stillOpen == 0, "100 trickling connections: " + closedInTime
                + " closed by the server within 3 × the request timeout + 1 s, " + stillOpen + " still open");
    }

    /** What is not an HTTP/1.x request. */
    private static Outcome notHttp(Target t, long deadline) throws Exception {
        SplittableRandom r = new SplittableRandom(18);
        int sent = 0;
        int one400 = 0;
        int other = 0;
        while (System.nanoTime() < deadline && sent < 100_000) {
            byte[] junk = new byte[1 + r.nextInt(200)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) ('!' + r.nextInt(90)); // visible ASCII: never a valid request line
            }
            sent++;
            try (Socket s = connect(t.server().port(), 5_000)) {
                s.getOutputStream().write(junk);
                s.getOutputStream().write("\r\n\r\nGET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String got = readToEnd(s.getInputStream(), 1 << 16);
                if (got.equals(BAD_REQUEST)) {
                    one400++;
                } else {
                    other++;
                }
            }
        }
        return new Outcome(other == 0, sent + " junk requests (each followed by a valid one): " + one400
                + " got one 400 then a close, " + other + " something else");
    }

    /** Partial requests that keep their buffers, past the direct memory limit. */
    private static Outcome memoryPressure(Target t, long deadline) throws Exception {
        List<Socket> held = new ArrayList<>();
        int dropped = 0;
        try {
            for (int i = 0; i < 150 && System.nanoTime() < deadline; i++) {
                Socket s = connect(t.server().port(), 5_000);
                held.add(s);
                s.getOutputStream().write("GET / HTTP/1.1\r\nX-Partial: y\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            sleepUntil(deadline);
            for (Socket s : held) {
                s.setSoTimeout(1);
                try {
                    if (s.getInputStream().read() < 0) {
                        dropped++;
                    }
                } catch (SocketTimeoutException e) {
                    // still held by the server
                } catch (SocketException e) {
                    dropped++;
                }
            }
        } finally {
            closeAll(held);
        }
        boolean alive = t.server().isAlive();
        long oom = count(t.server(), "out of memory");
        return new Outcome(alive, held.size() + " partial requests: " + dropped + " dropped by the server (out of"
                + " memory or the request timeout; " + oom + " out-of-memory log lines), server "
                + (alive ? "alive" : "DEAD"));
    }

    // ------------------------------------------------------------------ helpers

    static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Reads until end of stream, a reset or {@code max} bytes. */
    static String readToEnd(InputStream in, int max) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            int n;
            while (got.size() < max && (n = in.read(b)) >= 0) {
                got.write(b, 0, n);
            }
        } catch (SocketException e) {
            // reset: what came before it counts
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    static long count(ServerProcess server, String what) throws IOException {
        return server.output().stream().filter(l -> l.contains(what)).count();
    }

    static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a client socket: nothing to do
            }
        }
    }
}
