package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The semantics matrix for a terminal: one aligned table per group, then the failures in full. */
public final class MatrixText {
    private static final int MAX_CELL = 60;

    private MatrixText() {
    }

    /**
     * @param matrix the matrix
     * @return the text
     */
    public static String render(SemanticsMatrix matrix) {
        StringBuilder sb = new StringBuilder();
        List<Backend> backends = matrix.backends();
        for (Map.Entry<String, List<Behaviour>> group : SemanticsDoc.groups(matrix.behaviours()).entrySet()) {
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[backends.size() + 1];
            header[0] = group.getKey();
            for (int i = 0; i < backends.size(); i++) {
                header[i + 1] = backends.get(i).name();
            }
            rows.add(header);
            for (Behaviour b : group.getValue()) {
                String[] row = new String[backends.size() + 1];
                row[0] = "  " + b.name();
                for (int i = 0; i < backends.size(); i++) {
                    row[i + 1] = clip(matrix.cell(b, backends.get(i)));
                }
                rows.add(row);
            }
            int[] width = new int[header.length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(String.format("%-" + width[i] + "s", r[i])).append("  ");
                }
                sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
            }
            sb.append(System.lineSeparator());
        }
        List<Outcome> failures = matrix.failures();
        sb.append(String.format("%d behaviour runs on %s: %d passed, %d failed, %d skipped%n", matrix.runs(),
                backends, matrix.runs() - failures.size() - matrix.skipped(), failures.size(), matrix.skipped()));
        for (Outcome o : failures) {
            sb.append(System.lineSeparator()).append("FAILED ").append(o.target()).append(' ')
                    .append(o.behaviour().name()).append(": ").append(SemanticsMatrix.answer(o))
                    .append(System.lineSeparator());
            if (o.failure() != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                o.failure().printStackTrace(new java.io.PrintWriter(w));
                sb.append(w);
            }
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
