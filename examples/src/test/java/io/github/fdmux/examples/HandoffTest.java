package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-off's rules: one holder at a time, and the idle sweep never closes a connection a worker has. */
class HandoffTest {

    /** @return a new hand-off, taken by a worker */
    private static Handoff takenByAWorker() {
        Handoff h = new Handoff();
        assertTrue(h.take(), "a new connection is armed: the first report takes it");
        return h;
    }

    /** What wants a connection a worker holds: another readiness report (dropped), or the idle sweep. */
    static Stream<Named<Predicate<Handoff>>> contenders() {
        return Stream.of(Named.of("a second report", Handoff::take),
                Named.of("the idle sweep", Handoff::closeIfArmed));
    }

    @ParameterizedTest(name = "{0} gets it only once the worker released it")
    @MethodSource("contenders")
    void aHeldConnectionIsNobodyElsesUntilReleased(Predicate<Handoff> contender) {
        Handoff h = takenByAWorker();
        assertFalse(contender.test(h), "a worker has it");
        h.release();
        assertTrue(contender.test(h), "released: armed again");
    }

    @Test
    void nobodyTakesAConnectionTheIdleSweepClosed() {
        Handoff h = new Handoff();
        assertTrue(h.closeIfArmed());
        assertFalse(h.take(), "closed: nobody takes it any more");
    }

    @Test
    void closeWinsWhoeverHadIt() {
        Handoff h = takenByAWorker();
        h.close();
        assertFalse(h.take());
        assertFalse(h.closeIfArmed());
    }
}
