package io.github.fdmux.it.reliability.mbt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing sequence to a small one that still fails: drops chunks of steps (halves, then
 * quarters, ... then single steps), then pairs, then makes byte counts small, repeating until
 * nothing more can go (delta debugging). Each candidate is run for real, so the result is a
 * genuine failing sequence, ready to paste into {@link ModelRegressionTest}.
 */
final class Shrinker {
    private static final int MAX_RUNS = 2_000;

    private Shrinker() {
    }

    /**
     * @param failing a case that fails
     * @param fails runs a candidate; true if it still fails
     * @return the smallest failing case found
     */
    static Generator.Case shrink(Generator.Case failing, Predicate<Generator.Case> fails) {
        Generator.Case best = failing;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < MAX_RUNS) {
            progress = false;
            for (int chunk = Math.max(1, best.ops().size() / 2); chunk >= 1 && runs < MAX_RUNS; chunk /= 2) {
                for (int start = 0; start + chunk <= best.ops().size() && runs < MAX_RUNS; ) {
                    List<Op> fewer = new ArrayList<>(best.ops());
                    fewer.subList(start, start + chunk).clear();
                    Generator.Case candidate = new Generator.Case(best.slots(), List.copyOf(fewer));
                    runs++;
                    if (!fewer.isEmpty() && fails.test(candidate)) {
                        best = candidate;
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            for (int s = best.slots().size() - 1; s >= 0 && best.slots().size() > 1 && runs < MAX_RUNS; s--) {
                List<SlotSpec> fewer = new ArrayList<>(best.slots());
                fewer.remove(s);
                Generator.Case candidate = new Generator.Case(List.copyOf(fewer), best.ops());
                runs++;
                if (fails.test(candidate)) {
                    best = candidate;
                    progress = true;
                }
            }
            for (int i = 0; i < best.ops().size() && runs < MAX_RUNS; i++) {
                Op smaller = smaller(best.ops().get(i));
                if (smaller == null) {
                    continue;
                }
                List<Op> ops = new ArrayList<>(best.ops());
                ops.set(i, smaller);
                Generator.Case candidate = new Generator.Case(best.slots(), List.copyOf(ops));
                runs++;
                if (fails.test(candidate)) {
                    best = candidate;
                    progress = true;
                }
            }
        }
        return best;
    }

    private static Op smaller(Op op) {
        if (op instanceof Op.Write w && w.bytes() > 1) {
            return new Op.Write(w.slot(), 1);
        }
        if (op instanceof Op.Read r && r.bytes() > 1) {
            return new Op.Read(r.slot(), 1);
        }
        return null;
    }

    /**
     * @param mode the mode
     * @param c a case
     * @return Java source of a {@code ModelRegressionTest.Case} for it
     */
    static String asJava(io.github.fdmux.Mode mode, Generator.Case c) {
        StringBuilder sb = new StringBuilder("new Case(\"<what it found>\", Mode.").append(mode).append(", List.of(");
        for (int i = 0; i < c.slots().size(); i++) {
            SlotSpec s = c.slots().get(i);
            sb.append(i > 0 ? ", " : "").append("new SlotSpec(SlotSpec.Kind.").append(s.kind()).append(", Interest.")
                    .append(s.interest()).append(')');
        }
        sb.append("), List.of(");
        for (int i = 0; i < c.ops().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Op.javaOf(c.ops().get(i)));
        }
        return sb.append("))").toString();
    }
}
