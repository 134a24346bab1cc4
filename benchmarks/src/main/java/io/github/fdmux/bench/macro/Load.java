package io.github.fdmux.bench.macro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the load generators (the C echo client, wrk) and reads their results. */
final class Load {
    private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\":([0-9.]+)");
    private static final Pattern WRK_TOTAL = Pattern.compile("(\\d+) requests in ");
    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_PCT = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern WRK_ERRORS = Pattern.compile("Socket errors:.*|Non-2xx or 3xx responses: \\d+");

    /**
     * One measurement.
     *
     * @param perSecond round trips (echo) or requests (HTTP) per second
     * @param p50us     median latency, microseconds
     * @param p99us     99th percentile, microseconds
     * @param errors    failed connections or error lines
     * @param cpuUsPerOp the server process's CPU time (user + system) per round trip or request, µs,
     *                  over the whole run (warm-up included, with the operations of the warm-up)
     */
    record Result(double perSecond, double p50us, double p99us, String errors, double cpuUsPerOp) {
    }

    private Load() {
    }

    static Result echo(String client, RunningServer server, int connections, int size, double warmup,
            double seconds) throws IOException, InterruptedException {
        int port = server.port;
        double cpuBefore = server.cpuMicros();
        String out = run(List.of(client, Integer.toString(port), Integer.toString(connections),
                Integer.toString(size), fmt(warmup), fmt(seconds)), warmup + seconds + 60);
        return parseEcho(out, server.cpuMicros() - cpuBefore);
    }

    /**
     * @param out what echo-client printed
     * @param cpu the server's CPU microseconds over the run
     * @return the result
     * @throws IOException if the output has no result
     */
    static Result parseEcho(String out, double cpu) throws IOException {
        double rps = Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        long errors = 0;
        double all = Double.NaN;
        Matcher m = JSON_NUMBER.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "perSecond":
                    rps = v;
                    break;
                case "p50us":
                    p50 = v;
                    break;
                case "p99us":
                    p99 = v;
                    break;
                case "errors":
                    errors = (long) v;
                    break;
                case "allRoundTrips":
                    all = v;
                    break;
                default:
                    break;
            }
        }
        if (Double.isNaN(rps)) {
            throw new IOException("echo-client said: " + out);
        }
        return new Result(rps, p50, p99, errors == 0 ? "" : errors + " connections failed", cpu / all);
    }

    static Result wrk(String wrk, RunningServer server, int connections, double seconds)
            throws IOException, InterruptedException {
        int port = server.port;
        double cpuBefore = server.cpuMicros();
        String out = run(List.of(wrk, "-t1", "-c" + connections, "-d" + fmt(seconds) + "s", "--latency",
                "http://127.0.0.1:" + port + "/"), seconds + 60);
        return parseWrk(out, server.cpuMicros() - cpuBefore);
    }

    /**
     * @param out what wrk printed
     * @param cpu the server's CPU microseconds over the run
     * @return the result
     * @throws IOException if the output has no result
     */
    static Result parseWrk(String out, double cpu) throws IOException {
        Matcher r = WRK_RPS.matcher(out);
        Matcher total = WRK_TOTAL.matcher(out);
        if (!r.find() || !total.find()) {
            throw new IOException("wrk said: " + out);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = WRK_PCT.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            double us = m.group(3).equals("us") ? v : m.group(3).equals("ms") ? v * 1e3 : v * 1e6;
            if (m.group(1).equals("50")) {
                p50 = us;
            } else {
                p99 = us;
            }
        }
        List<String> errors = new ArrayList<>();
        Matcher e = WRK_ERRORS.matcher(out);
        while (e.find()) {
            errors.add(e.group().trim());
        }
        return new Result(Double.parseDouble(r.group(1)), p50, p99, String.join("; ", errors),
                cpu / Double.parseDouble(total.group(1)));
    }

    private static String run(List<String> cmd, double timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] all;
        try {
            all = p.getInputStream().readAllBytes();
            if (!p.waitFor((long) timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException(cmd.get(0) + " did not finish");
            }
        } finally {
            p.destroyForcibly();
        }
        return new String(all, StandardCharsets.UTF_8);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
