package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.conformance.Behaviour;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/semantics.md}, rendered from the matrix's data ({@link SemanticsColumn}s, stored in
 * {@code docs/semantics/}): one table per behaviour group, a column per backend and implementation
 * variant, the {@code why} of behaviours where answers differ, and where each column was produced.
 * The data is the record; the Markdown is only ever written from it, never read back.
 */
public final class SemanticsDoc {
    /** The command that runs the catalogue here and writes the file. */
    public static final String COMMAND = "./fdmux conformance --markdown";
    /** The command that merges columns produced elsewhere (CI artifacts). */
    public static final String MERGE_COMMAND = "./fdmux conformance --merge FILE.json...";
    /** A cell of a backend that no machine writing the data has run. */
    public static final String NOT_RUN = "not run";
    /** Heads the list of reasons under each group's table. */
    static final String WHY_HEADER = "Why (the kernel rules behind the answers):";

    private SemanticsDoc() {
    }

    /**
     * @param behaviours the catalogue, in order
     * @param columns the columns to show ({@link SemanticsData#withExpected}), in matrix order
     * @param notRunReasons per backend that has no column at all, why (e.g. "not available here: ..."), or empty
     * @return the Markdown text
     */
    public static String render(List<Behaviour> behaviours, List<SemanticsColumn> columns,
            Map<Backend, String> notRunReasons) {
        List<SemanticsColumn> cols = new ArrayList<>(columns);
        for (Backend b : Backend.values()) {
            if (cols.stream().noneMatch(c -> c.backend() == b)) {
                cols.add(new SemanticsColumn(b, "", NOT_RUN + ": " + notRunReasons.getOrDefault(b,
                        "no machine that wrote docs/semantics/ had it"), false, List.of(), Map.of()));
            }
        }
        cols.sort(java.util.Comparator.comparingInt(SemanticsColumn::order));
        StringBuilder md = new StringBuilder();
        md.append("# Semantics matrix\n\n")
                .append("What each fdmux backend does where the kernels differ, as observed by the conformance"
                        + " behaviours of `conformance/`: the same code that `mvn -B verify` runs as tests"
                        + " (integration-tests' `ConformanceTest`), which assert each documented answer, so an"
                        + " observed cell here cannot drift from what the code does.\n\n")
                .append("A cell is the answer the behaviour observed on that backend. `ok` means the contract every"
                        + " backend shares holds. Where a backend's modes answer differently, the cell gives the answer"
                        + " per mode; `" + SemanticsMatrix.NOT_APPLICABLE + "` means the behaviour applies to none of"
                        + " the backend's modes (e.g. edge behaviours on POLL). Answers such as"
                        + " `readable+readClosed` list the flags of the ready event. Under each table, every"
                        + " behaviour whose answers differ between backends (and a few where their agreement is"
                        + " worth explaining) says why, from the kernels' sources and manuals.\n\n")
                .append("A column is a backend in one implementation variant (`Capabilities.variant()`: `libkqueue`"
                        + " for KQUEUE on Linux, `macos`, `freebsd` ...). Columns marked *expected* have not been"
                        + " observed yet: they show the answers the catalogue documents for that system, each"
                        + " differing one derived from a cited kernel source line (" + SemanticsData.NOT_OBSERVED
                        + "). A conformance run there replaces them.\n\n")
                .append("Generated from the data in `docs/semantics/` (one JSON file per column) by `").append(COMMAND)
                .append("`, which runs the catalogue here and rewrites the columns of this machine's backends, or"
                        + " by `").append(MERGE_COMMAND).append("`, which adds columns produced elsewhere (the CI"
                        + " jobs on macOS and FreeBSD upload theirs as artifacts). Each column says where it was"
                        + " produced:\n\n");
        md.append("| column | produced on |\n|---|---|\n");
        for (SemanticsColumn c : cols) {
            md.append("| ").append(heading(c)).append(" | ").append(escape(c.producedOn())).append(" |\n");
        }
        for (Map.Entry<String, List<Behaviour>> group : groups(behaviours).entrySet()) {
            md.append("\n## ").append(group.getKey()).append("\n\n");
            md.append("| behaviour | checks |");
            for (SemanticsColumn c : cols) {
                md.append(' ').append(heading(c)).append(" |");
            }
            md.append("\n|---|---|");
            for (int i = 0; i < cols.size(); i++) {
                md.append("---|");
            }
            md.append('\n');
            List<Behaviour> withWhy = new ArrayList<>();
            for (Behaviour beh : group.getValue()) {
                md.append("| `").append(beh.name()).append("` | ").append(escape(beh.description())).append(" |");
                for (SemanticsColumn c : cols) {
                    String cell = c.cell(beh.name());
                    md.append(' ').append(escape(cell != null ? cell : NOT_RUN)).append(" |");
                }
                md.append('\n');
                if (!beh.why().isBlank()) {
                    withWhy.add(beh);
                }
            }
            if (!withWhy.isEmpty()) {
                md.append("\n").append(WHY_HEADER).append("\n\n");
                for (Behaviour beh : withWhy) {
                    md.append("- `").append(beh.name()).append("`: ").append(beh.why().strip()).append('\n');
                }
            }
        }
        return md.toString();
    }

    /** @return e.g. {@code KQUEUE macos (expected)} */
    static String heading(SemanticsColumn c) {
        return c.title() + (c.observed() || c.producedOn().startsWith(NOT_RUN) ? "" : " (expected)");
    }

    /**
     * @param behaviours behaviours in catalogue order
     * @return them by group, groups in order of first appearance
     */
    static Map<String, List<Behaviour>> groups(List<Behaviour> behaviours) {
        Map<String, List<Behaviour>> groups = new LinkedHashMap<>();
        for (Behaviour b : behaviours) {
            groups.computeIfAbsent(b.group().isBlank() ? "Other" : b.group(), k -> new ArrayList<>()).add(b);
        }
        return groups;
    }

    static String escape(String cell) {
        return cell.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
