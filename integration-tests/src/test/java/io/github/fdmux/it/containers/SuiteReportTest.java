package io.github.fdmux.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fdmux.it.containers.SuiteReport.Case;
import io.github.fdmux.it.containers.SuiteReport.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the console launcher's legacy XML report, as it writes it for the conformance suite's dynamic tests. */
class SuiteReportTest {
    /** A report as the launcher writes it: a pass, a failure, an error and a skip (a test fixture, plain data). */
    private static String sampleReport() throws IOException {
        try (InputStream in = SuiteReportTest.class.getResourceAsStream("suite-report.xml")) {
            if (in == null) {
                throw new IOException("suite-report.xml is missing next to SuiteReportTest on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void casesCarryTheirTargetStatusAndMessage() throws IOException {
        SuiteReport r = SuiteReport.parse(sampleReport());
        assertEquals(List.of(
                new Case("[EPOLL/LEVEL] readableWhenDataArrives", "EPOLL/LEVEL", Status.PASSED, ""),
                new Case("[EPOLL/EDGE] thousandRegistrationsAllReported", "EPOLL/EDGE", Status.FAILED,
                        "pipe() in Pipe.open failed: EMFILE (errno 24: Too many open files)"),
                new Case("[EPOLL/EDGE] timeoutIsHonoured", "EPOLL/EDGE", Status.FAILED, "boom"),
                new Case("[KQUEUE] readableWhenDataArrives", "KQUEUE", Status.SKIPPED,
                        "KQUEUE is not available here: not installed")), r.cases());
        assertEquals(Map.of("EPOLL/EDGE", 2), r.countByTarget(Status.FAILED));
        assertEquals("1 passed, 2 failed, 1 skipped", r.counts());
        assertEquals("17.0.19", r.property("java.version"));
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IOException.class, () -> SuiteReport.parse("Exception in thread \"main\""));
    }
}
