package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Catalog;
import io.github.fdmux.conformance.Runner;
import io.github.fdmux.conformance.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantics matrix as data: the columns stored under {@code docs/semantics/} (one JSON file per
 * backend and variant, {@link SemanticsColumn}), the columns a conformance run produces, and the
 * expected columns of systems no run has observed yet.
 */
public final class SemanticsData {
    /**
     * The systems whose answers the catalogue documents from kernel sources (each differing answer
     * with its reason) and that CI is to observe: KQUEUE and POLL on macOS and FreeBSD. Until a file
     * produced there is merged, their columns show the documented answers, marked as not observed.
     */
    static final List<SemanticsColumn> EXPECTED_KEYS = List.of(
            expected(Backend.KQUEUE, "macos", List.of(Mode.values())),
            expected(Backend.KQUEUE, "freebsd", List.of(Mode.values())),
            expected(Backend.POLL, "macos", List.of(Mode.LEVEL, Mode.ONESHOT)),
            expected(Backend.POLL, "freebsd", List.of(Mode.LEVEL, Mode.ONESHOT)));

    /** The "produced on" text of an expected column. */
    public static final String NOT_OBSERVED = "from kernel sources, not yet observed";

    private SemanticsData() {
    }

    /**
     * @param markdown the Markdown file, e.g. {@code docs/semantics.md}
     * @return its data directory, e.g. {@code docs/semantics/}
     */
    public static Path dataDirectory(Path markdown) {
        String name = markdown.getFileName().toString();
        String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name + ".data";
        Path parent = markdown.toAbsolutePath().getParent();
        return parent.resolve(base);
    }

    /**
     * The columns a run produced: one per backend that ran, under the variant it ran as here.
     *
     * @param matrix the run
     * @param machine this machine in one line
     * @return the columns
     */
    public static List<SemanticsColumn> fromRun(SemanticsMatrix matrix, String machine) {
        List<SemanticsColumn> out = new ArrayList<>();
        for (Backend b : matrix.backends()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (Behaviour beh : matrix.behaviours()) {
                cells.put(beh.name(), matrix.cell(beh, b));
            }
            List<String> modes = matrix.modes(b).stream().map(Mode::id).toList();
            out.add(new SemanticsColumn(b, Runner.variant(b), machine + "; modes " + String.join(", ", modes), true,
                    modes, cells));
        }
        return out;
    }

    /**
     * The documented answers of a backend in one variant, from the catalogue, merged over the modes
     * as a run's cells are.
     *
     * @param backend the backend
     * @param variant its variant
     * @param modes the modes it supports
     * @return the column, not observed
     */
    static SemanticsColumn expected(Backend backend, String variant, List<Mode> modes) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (Behaviour beh : Catalog.all()) {
            Map<String, List<String>> byAnswer = new LinkedHashMap<>();
            for (Mode m : modes) {
                if (beh.appliesTo(m)) {
                    byAnswer.computeIfAbsent(beh.expected(new Target(backend, m), variant), k -> new ArrayList<>())
                            .add(m.id());
                }
            }
            cells.put(beh.name(), SemanticsMatrix.merge(byAnswer));
        }
        return new SemanticsColumn(backend, variant, NOT_OBSERVED + " (the catalogue's documented answers for the `"
                + variant + "` variant; the reasons below cite the sources)", false,
                modes.stream().map(Mode::id).toList(), cells);
    }

    /**
     * @param dir a data directory
     * @return its columns, in matrix order (none if it does not exist)
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if a file is not a column
     */
    public static List<SemanticsColumn> load(Path dir) throws IOException {
        List<SemanticsColumn> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                out.add(read(f));
            }
        }
        out.sort(Comparator.comparingInt(SemanticsColumn::order));
        return out;
    }

    /**
     * @param file a column's JSON file
     * @return the column
     * @throws IOException if it cannot be read
     */
    public static SemanticsColumn read(Path file) throws IOException {
        return SemanticsColumn.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Writes a column into a data directory, replacing the file of the same backend and variant.
     *
     * @param dir the data directory
     * @param column the column
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public static Path save(Path dir, SemanticsColumn column) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(column.fileName());
        Files.writeString(f, column.toJson(), StandardCharsets.UTF_8);
        return f;
    }

    /**
     * What the Markdown shows: the stored columns, then the expected column of every system in
     * {@link #EXPECTED_KEYS} that has no stored (observed) column, in matrix order.
     *
     * @param stored the stored columns
     * @return the columns to render
     */
    public static List<SemanticsColumn> withExpected(List<SemanticsColumn> stored) {
        List<SemanticsColumn> out = new ArrayList<>(stored);
        for (SemanticsColumn e : EXPECTED_KEYS) {
            if (stored.stream().noneMatch(c -> c.key().equals(e.key()))) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingInt(SemanticsColumn::order));
        return out;
    }
}
