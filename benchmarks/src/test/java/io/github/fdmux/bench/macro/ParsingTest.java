package io.github.fdmux.bench.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver reads the load generators' output and computes ratios: those must be right. */
class ParsingTest {
    private static final String WRK = String.join("\n",
            "Running 3s test @ http://127.0.0.1:40000/",
            "  1 threads and 100 connections",
            "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
            "    Latency     1.51ms  580.12us   9.87ms   80.00%",
            "    Req/Sec    66.12k     3.01k   70.00k    70.00%",
            "  Latency Distribution",
            "     50%    1.34ms",
            "     75%    1.70ms",
            "     90%    2.10ms",
            "     99%  850.00us",
            "  197000 requests in 3.00s, 16.35MB read",
            "  Socket errors: connect 0, read 2, write 0, timeout 0",
            "Requests/sec:  65666.67",
            "Transfer/sec:      5.45MB", "");

    @Test
    void wrkOutput() throws IOException {
        assertResult(Load.parseWrk(WRK, 985_000), 65666.67, 1340, 850, 5.0,
                "Socket errors: connect 0, read 2, write 0, timeout 0");
    }

    @Test
    void wrkOutputWithoutResultIsAnError() {
        assertThrows(IOException.class, () -> Load.parseWrk("unable to connect to 127.0.0.1:1", 0));
    }

    @Test
    void echoClientOutput() throws IOException {
        assertResult(Load.parseEcho("{\"connections\":100,\"size\":64,\"seconds\":2.000,\"roundTrips\":100000,"
                + "\"perSecond\":50000.0,\"p50us\":1605.6,\"p99us\":3735.6,\"errors\":0,\"allRoundTrips\":125000}\n",
                1_000_000), 50000, 1605.6, 3735.6, 8.0, "");
    }

    /** A parsed result's figures, to within rounding (1e-6), and its error line. */
    private static void assertResult(Load.Result r, double perSecond, double p50us, double p99us, double cpuUsPerOp,
            String errors) {
        assertEquals(perSecond, r.perSecond(), 1e-6, "per second");
        assertEquals(p50us, r.p50us(), 1e-6, "p50 µs");
        assertEquals(p99us, r.p99us(), 1e-6, "p99 µs");
        assertEquals(cpuUsPerOp, r.cpuUsPerOp(), 1e-6, "CPU µs per op");
        assertEquals(errors, r.errors(), "errors");
    }

    @Test
    void everyValuedOptionLandsInItsSetting() {
        MacroBench.Settings s = MacroBench.parse(new String[] {"--client", "c", "--c-server", "cs", "--wrk", "w",
            "--nginx", "n", "--connections", "5, 6", "--size", "7", "--seconds", "1.5", "--rounds", "8", "--warmup",
            "0.5", "--http-connections", "9", "--http-seconds", "2.5", "--only", "fd.*", "--out", "o.md", "--command",
            "cmd", "--no-http"});
        assertEquals(List.of("c", "cs", "w", "n", List.of(5, 6), 7, 1.5, 8, 0.5, 9, 2.5, "fd.*", "o.md", "cmd", true,
                false), List.of(s.client, s.cServer, s.wrk, s.nginx, s.connections, s.size, s.seconds, s.rounds,
                s.warmup, s.httpConnections, s.httpSeconds, s.only.pattern(), s.out.toString(), s.command, s.echo,
                s.http));
        assertThrows(IllegalArgumentException.class, () -> MacroBench.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> MacroBench.parse(new String[] {"--size"}));
    }

    @Test
    void ratiosArePerRoundThenMedian() {
        List<Load.Result> a = List.of(res(100), res(300), res(200));
        List<Load.Result> b = List.of(res(100), res(100), res(400));
        double[] r = Report.ratios(a, b); // per round: 1.0, 3.0, 0.5
        assertEquals(0.5, r[0], 1e-12);
        assertEquals(1.0, r[1], 1e-12);
        assertEquals(3.0, r[2], 1e-12);
        assertEquals(200, Report.median(a, Load.Result::perSecond), 1e-12);
    }

    private static Load.Result res(double perSecond) {
        return new Load.Result(perSecond, 1, 2, "", 3);
    }
}
