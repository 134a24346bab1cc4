package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Interest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random sequences for the model-based tests: 1 to 3 connected pairs, then 1 to 30 steps, drawn
 * with fixed weights (polls and writes most often, closes rarely). Deterministic for a seed, so a
 * failure is reproduced by its seed alone.
 */
final class Generator {
    static final int MAX_SLOTS = 3;
    static final int MAX_OPS = 30;
    private static final Interest[] INTERESTS = {Interest.NONE, Interest.READ, Interest.WRITE, Interest.READ_WRITE};
    // weights: write, read, shutdownPeer, closePeer, modify, rearm, cancel, register, poll
    private static final int[] WEIGHTS = {6, 5, 1, 1, 4, 3, 2, 2, 9};
    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(WEIGHTS).sum();

    /** A generated case: its pairs and its steps. */
    record Case(List<SlotSpec> slots, List<Op> ops) {
    }

    private Generator() {
    }

    static Case generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<SlotSpec> slots = new ArrayList<>();
        int n = 1 + r.nextInt(MAX_SLOTS);
        for (int i = 0; i < n; i++) {
            slots.add(new SlotSpec(SlotSpec.Kind.values()[r.nextInt(SlotSpec.Kind.values().length)], interest(r)));
        }
        List<Op> ops = new ArrayList<>();
        int m = 1 + r.nextInt(MAX_OPS);
        for (int i = 0; i < m; i++) {
            ops.add(op(r));
        }
        return new Case(List.copyOf(slots), List.copyOf(ops));
    }

    private static Interest interest(SplittableRandom r) {
        return INTERESTS[r.nextInt(INTERESTS.length)];
    }

    private static Op op(SplittableRandom r) {
        int pick = r.nextInt(TOTAL_WEIGHT);
        int kind = 0;
        while (pick >= WEIGHTS[kind]) {
            pick -= WEIGHTS[kind++];
        }
        int slot = r.nextInt(MAX_SLOTS);
        int bytes = 1 + r.nextInt(2048);
        switch (kind) {
            case 0: return new Op.Write(slot, bytes);
            case 1: return new Op.Read(slot, bytes);
            case 2: return new Op.ShutdownPeer(slot);
            case 3: return new Op.ClosePeer(slot);
            case 4: return new Op.Modify(slot, interest(r));
            case 5: return new Op.Rearm(slot);
            case 6: return new Op.Cancel(slot);
            case 7: return new Op.Register(slot, interest(r));
            default: return new Op.Poll();
        }
    }
}
