package io.github.fdmux.it.containers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Testcontainers logs through SLF4J: without a binding, SLF4J prints its "StaticLoggerBinder" warnings
 * on every run and drops Testcontainers' own warnings. The tests have slf4j-simple at WARN.
 */
class TestLoggingTest {

    @Test
    void testcontainersWarningsReachABindingAndItsInfoChatterDoesNot() {
        assertFalse(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory,
                "no SLF4J binding on the test class path: " + LoggerFactory.getILoggerFactory());
        Logger testcontainers = LoggerFactory.getLogger("org.testcontainers.DockerClientFactory");
        assertTrue(testcontainers.isWarnEnabled());
        assertFalse(testcontainers.isInfoEnabled(), "simplelogger.properties sets WARN");
    }
}
