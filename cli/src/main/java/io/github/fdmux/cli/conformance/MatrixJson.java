package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.cli.compare.JsonWriter;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Outcome;
import io.github.fdmux.conformance.Target;

/**
 * {@code fdmux conformance --json}: every behaviour run, as one JSON object. Keys: machine, runs, passed,
 * failed, skipped, backends [{backend, modes}], behaviours [{name, group, outcomes [{backend, mode,
 * status (passed, failed, skipped), observed, expected, detail, millis}]}].
 */
public final class MatrixJson {
    private MatrixJson() {
    }

    /**
     * @param matrix  what ran
     * @param machine this machine in one line
     * @return the JSON text
     */
    public static String render(SemanticsMatrix matrix, String machine) {
        int failed = matrix.failures().size();
        JsonWriter w = new JsonWriter().beginObject();
        w.name("machine").value(machine)
                .name("runs").value(matrix.runs())
                .name("passed").value(matrix.runs() - failed - matrix.skipped())
                .name("failed").value(failed)
                .name("skipped").value(matrix.skipped());
        w.name("backends").beginArray();
        for (Backend b : matrix.backends()) {
            w.beginObject().name("backend").value(b.name()).name("modes").beginArray();
            for (Mode m : matrix.modes(b)) {
                w.value(m.id());
            }
            w.endArray().endObject();
        }
        w.endArray();
        w.name("behaviours").beginArray();
        for (Behaviour behaviour : matrix.behaviours()) {
            w.beginObject().name("name").value(behaviour.name()).name("group").value(behaviour.group())
                    .name("outcomes").beginArray();
            for (Backend b : matrix.backends()) {
                for (Mode m : matrix.modes(b)) {
                    Outcome o = matrix.outcome(behaviour, new Target(b, m));
                    if (o != null) {
                        outcome(w, o);
                    }
                }
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static void outcome(JsonWriter w, Outcome o) {
        String status = o.skipped() ? "skipped" : o.passed() ? "passed" : "failed";
        w.beginObject().name("backend").value(o.target().backend().name())
                .name("mode").value(o.target().mode().id())
                .name("status").value(status)
                .name("observed").value(o.observed())
                .name("expected").value(o.expected())
                .name("detail").value(o.failure() == null ? null : String.valueOf(o.failure().getMessage()))
                .name("millis").value(o.millis())
                .endObject();
    }
}
