package io.github.fdmux.bench.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.cli.compare.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH JSON → markdown step: per-event division, allocation, and the targets' verdicts. */
class JmhReportTest {
    private static String dispatch(String subject, int n, int m, double ns, double bytes) {
        return "{\"benchmark\":\"io.github.fdmux.bench.micro.DispatchBenchmark.pollAndVisit\",\"mode\":\"avgt\","
                + "\"params\":{\"subject\":\"" + subject + "\",\"n\":\"" + n + "\",\"m\":\"" + m + "\"},"
                + "\"primaryMetric\":{\"score\":" + ns + ",\"scoreError\":1.0,\"scoreUnit\":\"ns/op\"},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + bytes + ",\"scoreUnit\":\"B/op\"}}}";
    }

    @Test
    void jsonParses() {
        Object o = JsonReader.parse("{\"a\":[1,2.5e3,\"x\\\"y\",true,null],\"b\":{}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        assertEquals(List.of(1.0, 2500.0, "x\"y", true), ((List<?>) m.get("a")).subList(0, 4));
    }

    @Test
    void aBareNaNIsReadOnlyFromJmhFiles() {
        assertTrue(Double.isNaN((Double) ((List<?>) JsonReader.parseAllowingNaN("[NaN]")).get(0)));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[NaN]"));
    }

    @Test
    void dispatchTargetsAreJudged(@TempDir Path dir) throws IOException {
        String json = "[" + String.join(",",
                dispatch("EPOLL_LEVEL", 10000, 100, 10_000, 0.2),
                dispatch("JDK_SELECTED_KEYS", 10000, 100, 20_000, 4000),
                dispatch("JDK_SELECT_CONSUMER", 10000, 100, 16_000, 1400),
                dispatch("EPOLL_LEVEL", 10, 1, 500, 0.1),
                dispatch("EPOLL_LEVEL", 10000, 1, 700, 0.1)) + "]";
        Path f = dir.resolve("r.json");
        Files.writeString(f, json);
        String md = JmhReport.markdown(f);
        // 10,000 ns for 100 events: 100 ns per event, 0.2 B per poll
        assertTrue(md.contains("| EPOLL_LEVEL |"), md);
        assertTrue(md.contains("10,000 / 100 / 0.2 B"), md);
        // strict: against the JDK's faster form, 10,000 / 16,000 = 0.63 ≤ 0.7
        assertTrue(md.contains("| 0.63 (vs selectedKeys 0.50, vs select(Consumer) 0.63) | met |"), md);
        // 700 / 500 = 1.40: not flat
        assertTrue(md.contains("EPOLL flat: N=10→10,000 at M=1 within 1.3× | 1.40× | **not met** |"), md);
        assertTrue(md.contains("| Dispatch allocates ~0 B/op: EPOLL_LEVEL | max 0.2 B (N=10000 M=100) | met |"), md);
    }
}
