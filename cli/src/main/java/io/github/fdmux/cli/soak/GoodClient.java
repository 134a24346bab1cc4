package io.github.fdmux.cli.soak;

import io.github.fdmux.cli.compare.LatencyHistogram;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A well-behaved HTTP client beside the attacks: one keep-alive connection, a request every 10 ms,
 * each answer timed; it reconnects if the connection is lost (counted as an error). Its latency
 * during an attack is what the attack costs everyone else.
 */
final class GoodClient implements AutoCloseable {
    private static final byte[] REQUEST = "GET /good HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The answer's length: serve's 200 for a keep-alive request. */
    private static final int ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
            .length();

    private final int port;
    private final Thread thread;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private volatile boolean running = true;
    private long errors;

    /** What it saw in one window. */
    record Window(long requests, long errors, double p50Millis, double p99Millis, double maxMillis) {
    }

    GoodClient(int port) {
        this.port = port;
        this.thread = new Thread(this::run, "fdmux-attacks-good-client");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        byte[] answer = new byte[ANSWER];
        while (running) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                s.setSoTimeout(10_000);
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                while (running) {
                    long t0 = System.nanoTime();
                    out.write(REQUEST);
                    if (in.readNBytes(answer, 0, ANSWER) != ANSWER) {
                        throw new IOException("the server closed the good client's connection");
                    }
                    long t = System.nanoTime() - t0;
                    synchronized (this) {
                        latencies.record(t);
                    }
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                synchronized (this) {
                    errors++;
                }
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return what it saw since the last call, and starts a new window */
    synchronized Window window() {
        Window w = new Window(latencies.count(), errors, latencies.percentile(0.50) / 1e6,
                latencies.percentile(0.99) / 1e6, latencies.max() / 1e6);
        latencies.reset();
        errors = 0;
        return w;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(15_000);
    }
}
