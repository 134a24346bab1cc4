package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Model-based testing: random sequences of steps (the peer writes, shuts down or closes; the
 * registered end reads; modify, rearm, cancel, register again; poll) run on a backend and on
 * {@link Model} side by side, and every poll must agree (see {@link Sequences}). One test per
 * backend × mode, each running {@code -Dfdmux.mbt.tries} sequences (default 1,000; see {@link Tries})
 * drawn by {@link Generator} from seeds derived from {@code -Dfdmux.mbt.seed} (random when unset, and
 * printed in every failure). A failing sequence is shrunk by {@link Shrinker} and reported as Java
 * source, to keep as a regression in {@link ModelRegressionTest}.
 */
class ModelBasedTest {

    static List<Backend> backendsFor(Mode mode) {
        List<Backend> out = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (s.available() && s.capabilities().orElseThrow().supports(mode)) {
                out.add(s.backend());
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> randomSequencesAgreeWithTheModel() {
        long base = Long.getLong("fdmux.mbt.seed", System.nanoTime());
        int tries = Tries.tries();
        List<DynamicTest> tests = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (Mode mode : Mode.values()) {
                tests.add(DynamicTest.dynamicTest("[" + b + "/" + mode + "] " + tries + " random sequences", () -> {
                    Assumptions.assumeTrue(backendsFor(mode).contains(b),
                            () -> b + " is not available here or has no " + mode);
                    run(b, mode, base, tries);
                }));
            }
        }
        return tests.stream();
    }

    private static void run(Backend b, Mode mode, long base, int tries) {
        long modeSalt = (long) b.ordinal() << 40 ^ (long) mode.ordinal() << 32;
        int ran = 0;
        for (int t = 0; t < tries; t++) {
            long seed = base ^ modeSalt ^ (t * 0x9E3779B97F4A7C15L);
            Generator.Case c = Generator.generate(seed);
            AssertionError failure = attempt(b, mode, c);
            if (failure != null) {
                Generator.Case small = Shrinker.shrink(c, candidate -> attempt(b, mode, candidate) != null);
                AssertionError shrunk = attempt(b, mode, small);
                throw new AssertionError(b + "/" + mode + " disagrees with the model on try " + t + " (reproduce with"
                        + " -Dfdmux.mbt.seed=" + base + "); shrunk from " + c.ops().size() + " to "
                        + small.ops().size() + " steps:\n  " + Shrinker.asJava(mode, small) + "\n"
                        + (shrunk != null ? shrunk.getMessage() : failure.getMessage()), failure);
            }
            ran++;
        }
        if (ran < tries) {
            throw new AssertionError(b + "/" + mode + ": " + ran + " sequences run, " + tries + " promised");
        }
    }

    private static AssertionError attempt(Backend b, Mode mode, Generator.Case c) {
        try {
            Sequences.run(b, mode, c.slots(), c.ops());
            return null;
        } catch (AssertionError e) {
            return e;
        } catch (Exception e) {
            return new AssertionError(e.toString(), e);
        }
    }
}
