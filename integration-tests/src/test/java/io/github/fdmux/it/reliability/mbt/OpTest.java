package io.github.fdmux.it.reliability.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two renderings of a step: the trace's call and the regression tests' Java source. */
class OpTest {

    @Test
    void aStepReadsAsACallInTracesAndAsTheJavaOfTheRegressionTests() {
        record Row(Op op, String call, String java) {
        }
        for (Row row : List.of(
                new Row(new Op.Write(0, 3), "write(0, 3)", "new Op.Write(0, 3)"),
                new Row(new Op.ShutdownPeer(2), "shutdownPeer(2)", "new Op.ShutdownPeer(2)"),
                new Row(new Op.Modify(1, Interest.READ), "modify(1, READ)", "new Op.Modify(1, Interest.READ)"),
                new Row(new Op.Register(1, Interest.READ_WRITE), "register(1, READ_WRITE)",
                        "new Op.Register(1, Interest.READ_WRITE)"),
                new Row(new Op.Poll(), "poll", "POLL"))) {
            assertEquals(row.call(), Op.describe(row.op()));
            assertEquals(row.java(), Op.javaOf(row.op()));
        }
    }
}
