package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.conformance.MatrixJson;
import io.github.fdmux.cli.conformance.MatrixText;
import io.github.fdmux.cli.conformance.SemanticsColumn;
import io.github.fdmux.cli.conformance.SemanticsData;
import io.github.fdmux.cli.conformance.SemanticsDoc;
import io.github.fdmux.cli.conformance.SemanticsMatrix;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Catalog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fdmux conformance}: the conformance catalogue on this machine's backends, as the semantics matrix. */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the conformance behaviours (the same code as the test suite) on every backend available"
                + " here, in every mode it supports, and print the semantics matrix: behaviour × backend → the"
                + " observed answer (one answer where all of a backend's modes agree; FAILED and skipped shown as"
                + " such). Exit code 1 if any behaviour failed.",
            "With --markdown, also store this machine's columns as data (docs/semantics/<BACKEND>[-<variant>].json,"
                + " next to FILE) and render docs/semantics.md (or FILE) from all the columns stored there: one table"
                + " per behaviour group, the reason where backends differ, and where each column was produced. Columns"
                + " of backends not available here are kept; systems never observed show the catalogue's expected"
                + " answers, marked so.",
            "With --merge, run nothing: add the columns in the given JSON files (written by --markdown elsewhere,"
                + " e.g. CI artifacts from macOS and FreeBSD; a directory means its *.json) to the data and render the"
                + " Markdown again."})
final class ConformanceCommand extends Subcommand {
    @Mixin
    BackendFilter backends;

    @Option(names = "--behaviours", paramLabel = "NAME", split = ",",
            description = "Only these behaviours, by name (default: the whole catalogue).")
    List<String> behaviours;

    @Option(names = "--markdown", paramLabel = "FILE", arity = "0..1", fallbackValue = "docs/semantics.md",
            description = "Store the columns in FILE's data directory and render FILE (default: docs/semantics.md).")
    Path markdown;

    @Option(names = "--json", description = "Print every behaviour run as one JSON object instead of the matrix"
            + " (keys: machine, runs, passed, failed, skipped, backends, behaviours).")
    boolean json;

    @Option(names = "--merge", paramLabel = "FILE", arity = "1..*",
            description = "Merge these column files (or directories of them) into the data of --markdown's FILE"
                    + " (default docs/semantics.md) and render it; runs no behaviour.")
    List<Path> merge;

    @Override
    int run(PrintWriter out) throws Exception {
        PrintWriter err = err();
        Set<String> names = behaviourNames();
        if (merge != null) {
            if (!names.isEmpty() || backends.named() || json) {
                throw new IllegalArgumentException("--merge runs nothing: drop --behaviours, --backends and --json");
            }
            return merge(out, markdown != null ? markdown : Path.of("docs/semantics.md"));
        }
        if (markdown != null && (!names.isEmpty() || backends.named())) {
            throw new IllegalArgumentException("--markdown writes the whole matrix: drop --behaviours and --backends");
        }
        List<BackendStatus> statuses = Pollers.statuses();
        Map<Backend, List<Mode>> targets = SemanticsMatrix.backends(statuses, backends.named()
                ? new HashSet<>(backends.backends) : Set.of());
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no backend is available here; see `fdmux info`");
        }
        if (json && markdown != null) {
            throw new IllegalArgumentException("--json and --markdown: choose one");
        }
        ProgressLine progress = new ProgressLine(err, ProgressLine.onTerminal());
        SemanticsMatrix matrix = SemanticsMatrix.run(targets, b -> names.isEmpty() || names.contains(b.name()),
                (done, total, next, target) -> progress.show("conformance " + target,
                        "[" + (done + 1) + "/" + total + "] " + next.name()));
        progress.done();
        if (json) {
            out.println(MatrixJson.render(matrix, machine()));
            return matrix.failures().isEmpty() ? 0 : 1;
        }
        out.print(MatrixText.render(matrix));
        if (markdown != null) {
            Path dir = SemanticsData.dataDirectory(markdown);
            for (SemanticsColumn c : SemanticsData.fromRun(matrix, machine())) {
                out.println("wrote " + SemanticsData.save(dir, c));
            }
            Map<Backend, String> reasons = new EnumMap<>(Backend.class);
            for (BackendStatus s : statuses) {
                reasons.put(s.backend(), "not available here: " + s.reason());
            }
            writeMarkdown(out, markdown, dir, reasons);
        }
        return matrix.failures().isEmpty() ? 0 : 1;
    }

    private Integer merge(PrintWriter out, Path md) throws java.io.IOException {
        Path dir = SemanticsData.dataDirectory(md);
        List<Path> files = new java.util.ArrayList<>();
        for (Path p : merge) {
            if (Files.isDirectory(p)) {
                try (java.util.stream.Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("--merge " + p + ": no such file or directory");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--merge " + merge + ": no *.json column file there");
        }
        for (Path f : files) {
            SemanticsColumn c = SemanticsData.read(f);
            if (c.variant().isEmpty()) {
                // EPOLL, POLL and NIO without a variant are the Linux columns this command writes with
                // --markdown; an artifact from another OS must not replace them (NIO reports no variant).
                out.println("skipped " + c.title() + " from " + f + ": a column without an implementation variant"
                        + " is written by --markdown on Linux, not merged");
                continue;
            }
            if (!c.observed()) {
                throw new IllegalArgumentException(f + " holds expected answers, not observed ones: only a"
                        + " conformance run's columns can be merged");
            }
            out.println("merged " + c.title() + " from " + f + " (produced on " + c.producedOn() + ") into "
                    + SemanticsData.save(dir, c));
        }
        writeMarkdown(out, md, dir, Map.of());
        return 0;
    }

    private static void writeMarkdown(PrintWriter out, Path md, Path dir, Map<Backend, String> reasons)
            throws java.io.IOException {
        String text = SemanticsDoc.render(Catalog.all(), SemanticsData.withExpected(SemanticsData.load(dir)), reasons);
        Path parent = md.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(md, text, StandardCharsets.UTF_8);
        out.println("wrote " + md);
    }

    private Set<String> behaviourNames() {
        Set<String> names = new HashSet<>();
        if (behaviours == null) {
            return names;
        }
        Set<String> known = new HashSet<>();
        for (Behaviour b : Catalog.all()) {
            known.add(b.name());
        }
        for (String n : behaviours) {
            if (!known.contains(n.trim())) {
                throw new IllegalArgumentException("unknown behaviour '" + n + "'; `fdmux conformance` lists them all");
            }
            names.add(n.trim());
        }
        return names;
    }

    /** @return this machine in one line, for the "produced on" column */
    static String machine() {
        return String.format(Locale.ROOT, "%s %s (%s), %s %s, %d CPUs", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }
}
