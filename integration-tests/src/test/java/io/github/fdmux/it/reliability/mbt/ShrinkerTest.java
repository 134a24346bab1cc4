package io.github.fdmux.it.reliability.mbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Mode;
import org.junit.jupiter.api.Test;

/** The generator and shrinker alone, against a synthetic failure (no backend involved). */
class ShrinkerTest {

    /** "Fails" when a write is followed, later, by a cancel of any slot. */
    private static boolean writeThenCancel(Generator.Case c) {
        boolean wrote = false;
        for (Op op : c.ops()) {
            if (op instanceof Op.Write) {
                wrote = true;
            } else if (op instanceof Op.Cancel && wrote) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shrinksToTheTwoStepsThatMatterWithOneByteAndOnePair() {
        Generator.Case failing = null;
        for (long seed = 1; failing == null; seed++) {
            Generator.Case c = Generator.generate(seed);
            if (writeThenCancel(c) && c.ops().size() > 10 && c.slots().size() > 1) {
                failing = c;
            }
        }
        Generator.Case small = Shrinker.shrink(failing, ShrinkerTest::writeThenCancel);
        assertEquals(2, small.ops().size(), small.ops().toString());
        assertTrue(small.ops().get(0) instanceof Op.Write w && w.bytes() == 1, small.ops().toString());
        assertTrue(small.ops().get(1) instanceof Op.Cancel, small.ops().toString());
        assertEquals(1, small.slots().size());
        String java = Shrinker.asJava(Mode.EDGE, small);
        assertTrue(java.startsWith("new Case(\"<what it found>\", Mode.EDGE, List.of(new SlotSpec(SlotSpec.Kind."), java);
    }

    @Test
    void generationIsDeterministicPerSeedAndWithinBounds() {
        assertEquals(Generator.generate(42), Generator.generate(42));
        for (long seed = 0; seed < 500; seed++) {
            Generator.Case c = Generator.generate(seed);
            assertTrue(c.slots().size() >= 1 && c.slots().size() <= Generator.MAX_SLOTS);
            assertTrue(c.ops().size() >= 1 && c.ops().size() <= Generator.MAX_OPS);
        }
    }
}
