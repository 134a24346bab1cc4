package io.github.fdmux.it.reliability.mbt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Model-based testing: random sequences of steps (the peer writes, shuts down or closes; the
 * registered end reads; modify, rearm, cancel, register again; poll) run on every backend that has
 * the mode and on {@link Model}, and every poll must agree (see {@link Sequences}). One property per
 * mode; each try runs its sequence on each backend, so {@code -Dfdmux.mbt.tries} (default 1,000; see
 * {@link Tries}) is the number of sequences per backend and mode. A failure is shrunk by jqwik to a short sequence;
 * keep it as a regression in {@link ModelRegressionTest}.
 */
@AddLifecycleHook(ModelBasedTest.SkipWithoutBackend.class)
class ModelBasedTest {
    /** Sequences run, per backend and mode, to prove the promised count ran. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Property(shrinking = ShrinkingMode.FULL)
    void level(@ForAll("slots") List<SlotSpec> slots, @ForAll("ops") List<Op> ops) throws IOException {
        runOnEveryBackend(Mode.LEVEL, slots, ops);
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void edge(@ForAll("slots") List<SlotSpec> slots, @ForAll("ops") List<Op> ops) throws IOException {
        runOnEveryBackend(Mode.EDGE, slots, ops);
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void oneshot(@ForAll("slots") List<SlotSpec> slots, @ForAll("ops") List<Op> ops) throws IOException {
        runOnEveryBackend(Mode.ONESHOT, slots, ops);
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void edgeOneshot(@ForAll("slots") List<SlotSpec> slots, @ForAll("ops") List<Op> ops) throws IOException {
        runOnEveryBackend(Mode.EDGE_ONESHOT, slots, ops);
    }

    static List<Backend> backendsFor(Mode mode) {
        List<Backend> out = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (s.available() && s.capabilities().orElseThrow().supports(mode)) {
                out.add(s.backend());
            }
        }
        return out;
    }

    static void runOnEveryBackend(Mode mode, List<SlotSpec> slots, List<Op> ops) throws IOException {
        for (Backend b : backendsFor(mode)) {
            Sequences.run(b, mode, slots, ops);
            RUNS.computeIfAbsent(b + "/" + mode, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @AfterContainer
    static void everyBackendAndModeRanTheTries() {
        int tries = Tries.tries();
        for (Mode mode : Mode.values()) {
            for (Backend b : backendsFor(mode)) {
                AtomicInteger n = RUNS.get(b + "/" + mode);
                assertTrue(n != null && n.get() >= tries, b + "/" + mode + ": " + n + " sequences run, "
                        + tries + " promised");
            }
        }
    }

    @Provide
    Arbitrary<List<SlotSpec>> slots() {
        return Combinators.combine(Arbitraries.of(SlotSpec.Kind.class), interests()).as(SlotSpec::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    static Arbitrary<Interest> interests() {
        return Arbitraries.of(Interest.NONE, Interest.READ, Interest.WRITE, Interest.READ_WRITE);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> bytes = Arbitraries.integers().between(1, 2048);
        return Arbitraries.<Op>frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(slot, bytes).<Op>as(Op.Write::new)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(slot, bytes).<Op>as(Op.Read::new)),
                net.jqwik.api.Tuple.of(1, slot.<Op>map(Op.ShutdownPeer::new)),
                net.jqwik.api.Tuple.of(1, slot.<Op>map(Op.ClosePeer::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(slot, interests()).<Op>as(Op.Modify::new)),
                net.jqwik.api.Tuple.of(3, slot.<Op>map(Op.Rearm::new)),
                net.jqwik.api.Tuple.of(2, slot.<Op>map(Op.Cancel::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(slot, interests()).<Op>as(Op.Register::new)),
                net.jqwik.api.Tuple.of(9, Arbitraries.<Op>just(new Op.Poll())))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    /** Skips a mode no backend here supports (e.g. EDGE where only POLL and NIO exist), saying so. */
    public static final class SkipWithoutBackend implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String name = context.optionalElement().map(e -> e instanceof java.lang.reflect.Method m ? m.getName() : "")
                    .orElse("");
            Mode mode = switch (name) {
                case "level" -> Mode.LEVEL;
                case "edge" -> Mode.EDGE;
                case "oneshot" -> Mode.ONESHOT;
                case "edgeOneshot" -> Mode.EDGE_ONESHOT;
                default -> null;
            };
            if (mode != null && backendsFor(mode).isEmpty()) {
                return SkipResult.skip("no backend available here supports " + mode);
            }
            return SkipResult.doNotSkip();
        }
    }
}
