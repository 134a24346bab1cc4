package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Interest;

/**
 * One step of a model-based sequence. Slot numbers are taken modulo the number of slots, so any
 * generated (or shrunk) sequence is executable; a step that does not apply in the current state
 * (writing to a closed peer) is skipped the same way by the model and the real run.
 */
public sealed interface Op {

    /** @return the slot this step is about, or -1 */
    int slot();

    /**
     * The peer writes {@code bytes}: data arrives at the registered end.
     *
     * @param slot the slot
     * @param bytes 1 or more
     */
    record Write(int slot, int bytes) implements Op {
        @Override
        public String toString() {
            return "write(" + slot + ", " + bytes + ")";
        }
    }

    /**
     * The registered end reads up to {@code bytes}.
     *
     * @param slot the slot
     * @param bytes the most to read
     */
    record Read(int slot, int bytes) implements Op {
        @Override
        public String toString() {
            return "read(" + slot + ", " + bytes + ")";
        }
    }

    /**
     * The peer shuts down its output (a FIN): end of stream pending at the registered end.
     *
     * @param slot the slot
     */
    record ShutdownPeer(int slot) implements Op {
        @Override
        public String toString() {
            return "shutdownPeer(" + slot + ")";
        }
    }

    /**
     * The peer closes.
     *
     * @param slot the slot
     */
    record ClosePeer(int slot) implements Op {
        @Override
        public String toString() {
            return "closePeer(" + slot + ")";
        }
    }

    /**
     * {@code modify(interest)} on the slot's registration.
     *
     * @param slot the slot
     * @param interest the new interest
     */
    record Modify(int slot, Interest interest) implements Op {
        @Override
        public String toString() {
            return "modify(" + slot + ", " + interest + ")";
        }
    }

    /**
     * {@code rearm()} on the slot's registration.
     *
     * @param slot the slot
     */
    record Rearm(int slot) implements Op {
        @Override
        public String toString() {
            return "rearm(" + slot + ")";
        }
    }

    /**
     * {@code cancel()} on the slot's registration (the latest one, even if already cancelled).
     *
     * @param slot the slot
     */
    record Cancel(int slot) implements Op {
        @Override
        public String toString() {
            return "cancel(" + slot + ")";
        }
    }

    /**
     * Registers the slot's channel again (after a cancel; refused while registered).
     *
     * @param slot the slot
     * @param interest the interest
     */
    record Register(int slot, Interest interest) implements Op {
        @Override
        public String toString() {
            return "register(" + slot + ", " + interest + ")";
        }
    }

    /** {@code pollNow()}: its events are compared with the model's. */
    record Poll() implements Op {
        @Override
        public int slot() {
            return -1;
        }

        @Override
        public String toString() {
            return "poll";
        }
    }
}
