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
        Load.Result r = Load.parseWrk(WRK, 985_000);
        assertEquals(65666.67, r.perSecond(), 1e-6);
        assertEquals(1340, r.p50us(), 1e-6);
        assertEquals(850, r.p99us(), 1e-6);
        assertEquals(5.0, r.cpuUsPerOp(), 1e-9);
        assertEquals("Socket errors: connect 0, read 2, write 0, timeout 0", r.errors());
    }

    @Test
    void wrkOutputWithoutResultIsAnError() {
        assertThrows(IOException.class, () -> Load.parseWrk("unable to connect to 127.0.0.1:1", 0));
    }

    @Test
    void echoClientOutput() throws IOException {
        Load.Result r = Load.parseEcho("{\"connections\":100,\"size\":64,\"seconds\":2.000,\"roundTrips\":100000,"
                + "\"perSecond\":50000.0,\"p50us\":1605.6,\"p99us\":3735.6,\"errors\":0,\"allRoundTrips\":125000}\n",
                1_000_000);
        assertEquals(50000, r.perSecond(), 1e-9);
        assertEquals(1605.6, r.p50us(), 1e-9);
        assertEquals(3735.6, r.p99us(), 1e-9);
        assertEquals(8.0, r.cpuUsPerOp(), 1e-9);
        assertEquals("", r.errors());
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
