package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.soak.ProcessProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fdmux soak} in miniature (the real run is 10,000 connections × 60 s, by hand): it passes and says why. */
@Timeout(120)
class SoakCommandTest {

    @Test
    void aTinySoakPassesWithZeroErrorsAndTheBaselineFdCount() {
        assumeTrue(ProcessProbe.supported(), "fdmux soak reads /proc/<pid>: not here");
        String backend = Pollers.statuses().stream().filter(BackendStatus::available).findFirst()
                .orElseThrow().backend().id();
        Cli r = Cli.run("soak", "--backends", backend, "--connections", "50", "--seconds", "2", "--sample", "1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("errors: 0 in the clients, 0 in the server"), r.out());
        assertTrue(r.out().contains("back to baseline"), r.out());
        assertTrue(r.out().contains("verdict: PASS"), r.out());
    }

    @Test
    void aSampleLongerThanTheRunIsAUsageError() {
        Cli r = Cli.run("soak", "--seconds", "1", "--sample", "5");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("sample"), r.err());
    }
}
