package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one sequence on one backend and on the model side by side, step by step, and fails with the
 * whole trace at the first difference: a step's result (read count, cancel's answer, the exception
 * of a change) or a poll's events.
 */
final class Sequences {
    private Sequences() {
    }

    /**
     * @param backend the backend
     * @param mode the mode every registration uses
     * @param specs the pairs and their first interests
     * @param ops the steps
     * @throws IOException if a channel operation fails unexpectedly
     * @throws AssertionError at the first difference from the model
     */
    static void run(Backend backend, Mode mode, List<SlotSpec> specs, List<Op> ops) throws IOException {
        List<SlotSpec> slots = specs;
        if (!KernelProbe.available()) {
            // TCP needs the probe to know when loopback has delivered; elsewhere every pair is AF_UNIX.
            slots = specs.stream().map(s -> new SlotSpec(SlotSpec.Kind.UNIX, s.interest())).toList();
        }
        List<String> trace = new ArrayList<>();
        trace.add(backend + " " + mode + " " + slots);
        try (Harness h = new Harness(backend, mode, slots)) {
            Model model = new Model(Profile.of(backend, h.poller.capabilities()), mode, slots);
            for (Op op : ops) {
                int i = op.slot() < 0 ? -1 : op.slot() % slots.size();
                step(model, h, op, i, trace);
            }
            step(model, h, new Op.Poll(), -1, trace); // every sequence ends by comparing a poll
        }
    }

    private static void step(Model model, Harness h, Op op, int i, List<String> trace) throws IOException {
        String label = op.slot() < 0 ? Op.describe(op) : Op.describe(op).replaceFirst("\\(\\d+", "(" + i);
        if (op instanceof Op.Write w) {
            peerAction(model, model.write(i, w.bytes()), h, () -> h.write(i, w.bytes()), i, label, trace);
        } else if (op instanceof Op.Read r) {
            compare(trace, label, "read returned", model.read(i, r.bytes()), h.read(i, r.bytes()));
        } else if (op instanceof Op.ShutdownPeer) {
            peerAction(model, model.shutdownPeer(i), h, () -> h.shutdownPeer(i), i, label, trace);
        } else if (op instanceof Op.ClosePeer) {
            peerAction(model, model.closePeer(i), h, () -> h.closePeer(i), i, label, trace);
        } else if (op instanceof Op.Modify m) {
            compare(trace, label, "modify gave", model.modify(i, m.interest()), h.modify(i, m.interest()));
        } else if (op instanceof Op.Rearm) {
            compare(trace, label, "rearm gave", model.rearm(i), h.rearm(i));
        } else if (op instanceof Op.Cancel) {
            compare(trace, label, "cancel returned", model.cancel(i), h.cancel(i));
        } else if (op instanceof Op.Register g) {
            compare(trace, label, "register gave", model.register(i, g.interest()),
                    h.register(i, g.interest(), model.mode));
        } else {
            comparePoll(model, h, trace);
        }
    }

    private static void comparePoll(Model model, Harness h, List<String> trace) throws IOException {
        ReadyEvents ev = h.poll();
        boolean[] reported = new boolean[model.slots.length];
        StringBuilder got = new StringBuilder();
        List<String> problems = new ArrayList<>();
        for (int e = 0; e < ev.size(); e++) {
            Registration reg = ev.registration(e);
            int i = (Integer) reg.attachment();
            got.append(' ').append(i).append(':').append(ReadyEvent.describe(ev.readyOps(e)));
            if (reported[i]) {
                problems.add("slot " + i + " reported twice in one poll");
            }
            reported[i] = true;
            if (reg != h.slots[i].reg || !reg.isValid()) {
                problems.add("slot " + i + ": an event for a cancelled registration");
                continue;
            }
            Model.Slot s = model.slot(i);
            Model.Verdict v = model.verdict(s);
            if (v == Model.Verdict.MUST_NOT) {
                problems.add("slot " + i + " reported " + ReadyEvent.describe(ev.readyOps(e)) + "; the model says silent"
                        + " (effective " + mask(model.effective(s)) + ", armed " + s.armed + ", pending " + s.pending + ")");
                continue;
            }
            int bits = model.comparedBits(s);
            int want = model.expectedOps(s) & bits;
            if ((ev.readyOps(e) & bits) != want) {
                problems.add("slot " + i + " reported " + ReadyEvent.describe(ev.readyOps(e)) + "; the model says "
                        + ReadyEvent.describe(want) + " (comparing " + ReadyEvent.describe(bits) + ")");
            }
        }
        for (int i = 0; i < model.slots.length; i++) {
            Model.Slot s = model.slot(i);
            if (!reported[i] && model.verdict(s) == Model.Verdict.MUST) {
                problems.add("slot " + i + " not reported; the model says " + ReadyEvent.describe(model.expectedOps(s))
                        + " (effective " + mask(model.effective(s)) + ", armed " + s.armed + ", pending " + s.pending + ")");
            }
            if (s.registered) {
                model.polled(i, reported[i]);
            }
        }
        check(trace, "poll ->" + (got.length() == 0 ? " nothing" : got), problems.isEmpty(), String.join("; ", problems));
    }

    private static String mask(int m) {
        StringBuilder sb = new StringBuilder();
        if ((m & Model.IN) != 0) {
            sb.append("IN ");
        }
        if ((m & Model.OUT) != 0) {
            sb.append("OUT ");
        }
        if ((m & Model.RDHUP) != 0) {
            sb.append("RDHUP ");
        }
        if ((m & Model.HUP) != 0) {
            sb.append("HUP ");
        }
        return sb.length() == 0 ? "none" : sb.toString().trim();
    }

    /**
     * Something the peer of slot {@code i} does (write, shut down, close): if the model took it
     * ({@code modelTook}; else the op is skipped), the harness does it too and waits until the kernel
     * has delivered what the model says.
     */
    private static void peerAction(Model model, boolean modelTook, Harness h, Harness.Call action, int i, String label,
            List<String> trace) throws IOException {
        if (!modelTook) {
            return;
        }
        action.run();
        Model.Slot s = model.slot(i);
        h.settle(i, s.buffered, s.peerShut || s.peerClosed);
        trace.add(label);
    }

    /** The harness's answer to an op must be the model's ({@code want}, computed first). */
    private static void compare(List<String> trace, String label, String gave, Object want, Object got) {
        check(trace, label + " -> " + got, want.equals(got), gave + " " + got + ", the model says " + want);
    }

    private static void check(List<String> trace, String line, boolean ok, String problem) {
        trace.add(line);
        if (!ok) {
            throw new AssertionError(problem + "\n  sequence:\n    " + String.join("\n    ", trace));
        }
    }
}
