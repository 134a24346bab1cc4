package io.github.fdmux.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Catalog;
import io.github.fdmux.conformance.Runner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticsDocTest {

    /** The repository's docs/semantics.md, from the cli module's directory (where surefire runs). */
    private static final Path DOC = Path.of("..", "docs", "semantics.md");
    private static final Path DATA = SemanticsData.dataDirectory(DOC);

    @Test
    void docsSemanticsDataIsCurrentForThisMachinesBackends() throws Exception {
        List<SemanticsColumn> stored = SemanticsData.load(DATA);
        assertFalse(stored.isEmpty(), DATA.toAbsolutePath() + " has no column: run " + SemanticsDoc.COMMAND);
        // On macOS or FreeBSD, before their CI column is merged, this run is held to the expected column.
        List<SemanticsColumn> shown = SemanticsData.withExpected(stored);
        SemanticsMatrix here = SemanticsMatrix.run(SemanticsMatrix.backends(Pollers.statuses(), Set.of()), b -> true,
                (done, total, next, target) -> { });
        assertFalse(here.backends().isEmpty());
        List<String> stale = new ArrayList<>();
        for (Backend backend : here.backends()) {
            String variant = Runner.variant(backend);
            SemanticsColumn column = shown.stream().filter(c -> c.backend() == backend && c.variant().equals(variant))
                    .findFirst().orElse(null);
            if (column == null) {
                continue; // a system docs/semantics.md has no column for (e.g. KQUEUE on OpenBSD)
            }
            for (Behaviour b : here.behaviours()) {
                String fresh = here.cell(b, backend);
                String file = column.cell(b.name());
                if (!fresh.equals(file)) {
                    stale.add(b.name() + " on " + backend + (variant.isEmpty() ? "" : " " + variant) + ": here '" + fresh
                            + "', docs/semantics/ '" + file + "'");
                }
            }
        }
        assertTrue(stale.isEmpty(), "docs/semantics/ is out of date for this machine's backends; run "
                + SemanticsDoc.COMMAND + " from the repository root:\n  " + String.join("\n  ", stale));
        assertTrue(here.failures().isEmpty(), "every behaviour passes: " + here.failures());
    }

    /** One way only: docs/semantics.md is exactly what the data renders to. */
    @Test
    void docsSemanticsMdIsRenderedFromTheData() throws Exception {
        String rendered = SemanticsDoc.render(Catalog.all(), SemanticsData.withExpected(SemanticsData.load(DATA)),
                Map.of());
        String committed = Files.readString(DOC, StandardCharsets.UTF_8);
        // Backends that no stored column covers carry this machine's reason in the committed file.
        assertEquals(strip(rendered), strip(committed), "docs/semantics.md differs from what docs/semantics/ renders"
                + " to; run " + SemanticsDoc.COMMAND + " (or --merge) from the repository root");
    }

    private static String strip(String md) {
        return md.replaceAll("(?m)^\\| (\\w+) \\| not run: .*\\|$", "| $1 | not run |");
    }

    /**
     * The rule of RULES.md, "where a backend legitimately differs, add .expect(...) plus a .why(...)":
     * a behaviour whose documented answers are not the same on every backend, mode and implementation
     * variant must say why, or its row in docs/semantics.md would stand unexplained.
     */
    @Test
    void everyBehaviourWhoseAnswersDifferSaysWhy() {
        List<String> unexplained = new ArrayList<>();
        for (Behaviour b : Catalog.all()) {
            Set<String> answers = new java.util.TreeSet<>(b.variantAnswers().values());
            for (Backend backend : Backend.values()) {
                for (Mode mode : Mode.values()) {
                    if (b.appliesTo(mode)) {
                        answers.add(b.expected(new io.github.fdmux.conformance.Target(backend, mode)));
                    }
                }
            }
            if (answers.size() > 1 && b.why().isBlank()) {
                unexplained.add(b.name() + " " + answers);
            }
        }
        assertTrue(unexplained.isEmpty(), "behaviours whose answers differ but say no why():\n  "
                + String.join("\n  ", unexplained));
    }

    @Test
    void everyWhyIsPrintedUnderItsGroup() {
        List<Behaviour> one = Catalog.all().stream().filter(b -> b.name().equals("resetIsError")).toList();
        String md = SemanticsDoc.render(one, List.of(), Map.of());
        assertTrue(md.contains(SemanticsDoc.WHY_HEADER + "\n\n- `resetIsError`: On RST Linux"), md);
    }

    @Test
    void unobservedSystemsShowTheDocumentedAnswersMarkedExpected() {
        List<SemanticsColumn> cols = SemanticsData.withExpected(List.of());
        SemanticsColumn pollMac = cols.stream().filter(c -> c.key().equals("POLL-macos")).findFirst().orElseThrow();
        assertFalse(pollMac.observed());
        assertEquals("silent", pollMac.cell("noInterestStillReportsForcedHangup"));
        assertEquals("readable+readClosed", pollMac.cell("resetIsError"));
        SemanticsColumn kqFreebsd = cols.stream().filter(c -> c.key().equals("KQUEUE-freebsd")).findFirst().orElseThrow();
        assertEquals("refused: EPIPE", kqFreebsd.cell("pipeWriteEndSeesReaderGone"));
        assertEquals(SemanticsMatrix.NOT_APPLICABLE, pollMac.cell("edgeReportsOncePerArrival"));
        String md = SemanticsDoc.render(Catalog.all(), cols, Map.of());
        assertTrue(md.contains("| POLL macos (expected) | " + SemanticsData.NOT_OBSERVED), md);
        // No stored column: EPOLL and NIO are "not run"; KQUEUE and POLL have their expected columns only.
        assertTrue(md.contains("| behaviour | checks | EPOLL | KQUEUE macos (expected) | KQUEUE freebsd (expected)"
                + " | POLL macos (expected) | POLL freebsd (expected) | NIO |"), md);
    }

    @Test
    void aMergedObservedColumnReplacesTheExpectedOne(@TempDir Path dir) throws Exception {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("noInterestStillReportsForcedHangup", "silent | really");
        SemanticsColumn observed = new SemanticsColumn(Backend.POLL, "macos", "Mac OS X 15.5 (aarch64), CI", true,
                List.of("level", "oneshot"), cells);
        SemanticsData.save(dir, observed);
        List<SemanticsColumn> cols = SemanticsData.withExpected(SemanticsData.load(dir));
        SemanticsColumn back = cols.stream().filter(c -> c.key().equals("POLL-macos")).findFirst().orElseThrow();
        assertEquals(observed, back, "stored and read back unchanged (the pipe too)");
        String md = SemanticsDoc.render(Catalog.all(), cols, Map.of(Backend.EPOLL, "not installed"));
        assertTrue(md.contains("| POLL macos | Mac OS X 15.5 (aarch64), CI |"), md);
        assertFalse(md.contains("POLL macos (expected)"), md);
        assertTrue(md.contains("| EPOLL | not run: not installed |"), md);
        assertTrue(md.contains(" silent \\| really |"), md);
    }

    @Test
    void aRunWritesOneColumnPerBackendUnderItsVariant() {
        Map<Backend, List<Mode>> all = SemanticsMatrix.backends(Pollers.statuses(), Set.of());
        Backend ran = all.keySet().iterator().next();
        Map<Backend, List<Mode>> one = new EnumMap<>(Backend.class);
        one.put(ran, all.get(ran));
        SemanticsMatrix m = SemanticsMatrix.run(one, b -> b.name().equals("modesAccepted"), (d, t, n, x) -> { });
        List<SemanticsColumn> cols = SemanticsData.fromRun(m, "this machine");
        assertEquals(1, cols.size());
        SemanticsColumn c = cols.get(0);
        assertEquals(ran, c.backend());
        assertEquals(Runner.variant(ran), c.variant());
        assertTrue(c.observed());
        assertTrue(c.producedOn().startsWith("this machine; modes level"), c.producedOn());
        assertNotNull(c.cell("modesAccepted"));
        assertEquals(c, SemanticsColumn.fromJson(c.toJson(), "test"));
    }

    @Test
    void aFileThatIsNoColumnIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SemanticsColumn.fromJson("{\"backend\": \"NOPE\"}", "x.json"));
        assertTrue(e.getMessage().startsWith("x.json is not a semantics column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SemanticsColumn.fromJson("{", "y.json"));
        assertTrue(e.getMessage().startsWith("y.json is not valid JSON"), e.getMessage());
    }
}
