package io.github.fdmux.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fdmux.it.containers.SuiteReport.Case;
import io.github.fdmux.it.containers.SuiteReport.Status;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the console launcher's legacy XML report, as it writes it for the conformance suite's dynamic tests. */
class SuiteReportTest {
    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="JUnit Jupiter" tests="4" skipped="1" failures="1" errors="1" time="1.0">
            <properties>
            <property name="java.version" value="17.0.19"/>
            </properties>
            <testcase name="conformance()[1]" classname="io.github.fdmux.it.ConformanceTest" time="0.003">
            <system-out><![CDATA[
            unique-id: [engine:junit-jupiter]/[class:io.github.fdmux.it.ConformanceTest]/[test-factory:conformance()]/[dynamic-test:#1]
            display-name: JUnit Jupiter > ConformanceTest > conformance() > [EPOLL/LEVEL] readableWhenDataArrives
            ]]></system-out>
            </testcase>
            <testcase name="conformance()[2]" classname="io.github.fdmux.it.ConformanceTest" time="0.003">
            <failure message="pipe() in Pipe.open failed: EMFILE (errno 24: Too many open files)" type="x">trace</failure>
            <system-out><![CDATA[
            display-name: JUnit Jupiter > ConformanceTest > conformance() > [EPOLL/EDGE] thousandRegistrationsAllReported
            ]]></system-out>
            </testcase>
            <testcase name="conformance()[3]" classname="io.github.fdmux.it.ConformanceTest" time="0.003">
            <error message="boom" type="java.lang.IllegalStateException">trace</error>
            <system-out><![CDATA[
            display-name: JUnit Jupiter > ConformanceTest > conformance() > [EPOLL/EDGE] timeoutIsHonoured
            ]]></system-out>
            </testcase>
            <testcase name="conformance()[4]" classname="io.github.fdmux.it.ConformanceTest" time="0">
            <skipped><![CDATA[org.opentest4j.TestAbortedException: KQUEUE is not available here: not installed
            \tat org.junit.jupiter.api.Assumptions.abort(Assumptions.java:300)
            ]]></skipped>
            <system-out><![CDATA[
            display-name: JUnit Jupiter > ConformanceTest > conformance() > [KQUEUE] readableWhenDataArrives
            ]]></system-out>
            </testcase>
            </testsuite>
            """;

    @Test
    void casesCarryTheirTargetStatusAndMessage() throws IOException {
        SuiteReport r = SuiteReport.parse(XML);
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
