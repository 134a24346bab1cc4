package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Interest;
import java.lang.reflect.RecordComponent;
import java.util.StringJoiner;

/**
 * One step of a model-based sequence. Slot numbers are taken modulo the number of slots, so any
 * generated (or shrunk) sequence is executable; a step that does not apply in the current state
 * (writing to a closed peer) is skipped the same way by the model and the real run.
 */
public sealed interface Op {

    /** @return the slot this step is about, or -1 */
    int slot();

    /**
     * @param op a step
     * @return it as a call, for traces: {@code write(0, 3)}, {@code modify(1, READ)}, {@code poll}
     */
    static String describe(Op op) {
        return render(op, false);
    }

    /**
     * @param op a step
     * @return it as Java source, as the regression tests write it: {@code new Op.Write(0, 3)},
     *     {@code new Op.Modify(1, Interest.READ)}, {@code POLL}
     */
    static String javaOf(Op op) {
        return render(op, true);
    }

    private static String render(Op op, boolean java) {
        if (op instanceof Poll) {
            return java ? "POLL" : "poll";
        }
        String type = op.getClass().getSimpleName();
        StringJoiner call = new StringJoiner(", ",
                java ? "new Op." + type + "(" : Character.toLowerCase(type.charAt(0)) + type.substring(1) + "(", ")");
        for (RecordComponent c : op.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(op);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            call.add(java && value instanceof Interest ? "Interest." + value : String.valueOf(value));
        }
        return call.toString();
    }

    /**
     * The peer writes {@code bytes}: data arrives at the registered end.
     *
     * @param slot the slot
     * @param bytes 1 or more
     */
    record Write(int slot, int bytes) implements Op {
    }

    /**
     * The registered end reads up to {@code bytes}.
     *
     * @param slot the slot
     * @param bytes the most to read
     */
    record Read(int slot, int bytes) implements Op {
    }

    /**
     * The peer shuts down its output (a FIN): end of stream pending at the registered end.
     *
     * @param slot the slot
     */
    record ShutdownPeer(int slot) implements Op {
    }

    /**
     * The peer closes.
     *
     * @param slot the slot
     */
    record ClosePeer(int slot) implements Op {
    }

    /**
     * {@code modify(interest)} on the slot's registration.
     *
     * @param slot the slot
     * @param interest the new interest
     */
    record Modify(int slot, Interest interest) implements Op {
    }

    /**
     * {@code rearm()} on the slot's registration.
     *
     * @param slot the slot
     */
    record Rearm(int slot) implements Op {
    }

    /**
     * {@code cancel()} on the slot's registration (the latest one, even if already cancelled).
     *
     * @param slot the slot
     */
    record Cancel(int slot) implements Op {
    }

    /**
     * Registers the slot's channel again (after a cancel; refused while registered).
     *
     * @param slot the slot
     * @param interest the interest
     */
    record Register(int slot, Interest interest) implements Op {
    }

    /** {@code pollNow()}: its events are compared with the model's. */
    record Poll() implements Op {
        @Override
        public int slot() {
            return -1;
        }
    }
}
