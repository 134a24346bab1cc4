package io.github.fdmux.it.reliability.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import org.junit.jupiter.api.Test;

/** The two renderings of a step: the trace's call and the regression test's Java source. */
class OpTest {

    @Test
    void stepsReadAsCallsInTraces() {
        assertEquals("write(0, 3)", Op.describe(new Op.Write(0, 3)));
        assertEquals("shutdownPeer(2)", Op.describe(new Op.ShutdownPeer(2)));
        assertEquals("modify(1, READ)", Op.describe(new Op.Modify(1, Interest.READ)));
        assertEquals("poll", Op.describe(new Op.Poll()));
    }

    @Test
    void stepsReadAsTheJavaTheRegressionTestsAreWrittenIn() {
        assertEquals("new Op.Write(0, 3)", Op.javaOf(new Op.Write(0, 3)));
        assertEquals("new Op.Rearm(4)", Op.javaOf(new Op.Rearm(4)));
        assertEquals("new Op.Register(1, Interest.READ_WRITE)", Op.javaOf(new Op.Register(1, Interest.READ_WRITE)));
        assertEquals("POLL", Op.javaOf(new Op.Poll()));
    }
}
