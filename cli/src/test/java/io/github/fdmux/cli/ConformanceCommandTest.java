package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.conformance.Target;
import org.junit.jupiter.api.Test;

class ConformanceCommandTest {
    @Test
    void printsTheMatrixOfTheChosenBehaviours() {
        Cli r = Cli.run("conformance", "--behaviours", "readableWhenDataArrives,modesAccepted,edgeReportsOncePerArrival");
        assertEquals(0, r.code(), r.toString());
        String first = Target.available().get(0).backend().name();
        assertTrue(r.out().contains("Readiness") && r.out().contains("Modes"), r.out());
        assertTrue(r.out().matches("(?s).*  readableWhenDataArrives\\s+ok.*"), r.out());
        assertTrue(r.out().contains(first), r.out());
        long levels = Target.available().stream().filter(t -> t.mode() == io.github.fdmux.Mode.LEVEL).count();
        // readableWhenDataArrives: every target; modesAccepted: LEVEL only; edgeReportsOncePerArrival: EDGE only.
        long runs = Target.available().size() + levels
                + Target.available().stream().filter(t -> t.mode() == io.github.fdmux.Mode.EDGE).count();
        assertTrue(r.out().contains(runs + " behaviour runs on "), r.out());
        assertTrue(r.out().contains(": " + runs + " passed, 0 failed, 0 skipped"), r.out());
    }
}
