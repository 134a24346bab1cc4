package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.conformance.MatrixJson;
import io.github.fdmux.cli.conformance.MatrixText;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fdmux conformance}: the conformance catalogue on this machine's backends, as the semantics matrix. */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the conformance behaviours (the same code as the test suite) on every backend available"
                + " here, in every mode it supports, and print the semantics matrix: behaviour × backend → the"
                + " observed answer (one answer where all of a backend's modes agree; FAILED and skipped shown as"
                + " such). Exit code 1 if any behaviour failed.",
            "With --markdown, also write docs/semantics.md (or FILE): one table per behaviour group, the reason where"
                + " backends differ, and where each column was produced; columns of backends not available here are"
                + " kept from the existing file."})
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backends", paramLabel = "BACKEND", split = ",", converter = Converters.BackendConverter.class,
            description = "Only these backends (default: every available one).")
    List<Backend> backends;

    @Option(names = "--behaviours", paramLabel = "NAME", split = ",",
            description = "Only these behaviours, by name (default: the whole catalogue).")
    List<String> behaviours;

    @Option(names = "--markdown", paramLabel = "FILE", arity = "0..1", fallbackValue = "docs/semantics.md",
            description = "Write the matrix as Markdown to FILE (default: docs/semantics.md).")
    Path markdown;

    @Option(names = "--json", description = "Print every behaviour run as one JSON object instead of the matrix"
            + " (keys: machine, runs, passed, failed, skipped, backends, behaviours).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> names = behaviourNames();
        if (markdown != null && (!names.isEmpty() || backends != null)) {
            throw new IllegalArgumentException("--markdown writes the whole matrix: drop --behaviours and --backends");
        }
        List<BackendStatus> statuses = Pollers.statuses();
        Map<Backend, List<Mode>> targets = SemanticsMatrix.backends(statuses, backends == null ? Set.of()
                : new HashSet<>(backends));
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
            out.flush();
            return matrix.failures().isEmpty() ? 0 : 1;
        }
        out.print(MatrixText.render(matrix));
        if (markdown != null) {
            SemanticsDoc.Parsed previous = Files.isRegularFile(markdown)
                    ? SemanticsDoc.parse(Files.readString(markdown, StandardCharsets.UTF_8))
                    : SemanticsDoc.Parsed.empty();
            Map<Backend, String> reasons = new EnumMap<>(Backend.class);
            for (BackendStatus s : statuses) {
                reasons.put(s.backend(), s.reason());
            }
            String text = SemanticsDoc.render(matrix, previous, machine(), reasons);
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, text, StandardCharsets.UTF_8);
            out.println("wrote " + markdown);
        }
        out.flush();
        return matrix.failures().isEmpty() ? 0 : 1;
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
