package io.github.fdmux.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.conformance.Behaviour;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SemanticsDocTest {

    /** The repository's docs/semantics.md, from the cli module's directory (where surefire runs). */
    private static final Path DOC = Path.of("..", "docs", "semantics.md");

    @Test
    void docsSemanticsIsCurrentForThisMachinesBackends() throws Exception {
        assertTrue(Files.isRegularFile(DOC), DOC.toAbsolutePath() + " is missing: run " + SemanticsDoc.COMMAND);
        SemanticsDoc.Parsed committed = SemanticsDoc.parse(Files.readString(DOC, StandardCharsets.UTF_8));
        SemanticsMatrix here = SemanticsMatrix.run(SemanticsMatrix.backends(Pollers.statuses(), Set.of()), b -> true,
                (done, total, next, target) -> { });
        assertFalse(here.backends().isEmpty());
        List<String> stale = new ArrayList<>();
        for (Behaviour b : here.behaviours()) {
            for (Backend backend : here.backends()) {
                String fresh = here.cell(b, backend);
                String file = committed.cell(b.name(), backend);
                if (!fresh.equals(file)) {
                    stale.add(b.name() + " on " + backend + ": here '" + fresh + "', docs/semantics.md '" + file + "'");
                }
            }
        }
        assertTrue(stale.isEmpty(), "docs/semantics.md is out of date for this machine's backends; run "
                + SemanticsDoc.COMMAND + " from the repository root:\n  " + String.join("\n  ", stale));
        assertTrue(here.failures().isEmpty(), "every behaviour passes: " + here.failures());
    }

    /**
     * The rule of RULES.md, "where a backend legitimately differs, add .expect(...) plus a .why(...)":
     * a behaviour whose documented answers are not the same on every backend, mode and implementation
     * variant must say why, or its row in docs/semantics.md would stand unexplained.
     */
    @Test
    void everyBehaviourWhoseAnswersDifferSaysWhy() {
        List<String> unexplained = new ArrayList<>();
        for (Behaviour b : io.github.fdmux.conformance.Catalog.all()) {
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
        Map<Backend, List<Mode>> all = SemanticsMatrix.backends(Pollers.statuses(), Set.of());
        SemanticsMatrix m = SemanticsMatrix.run(all, b -> b.name().equals("resetIsError"), (d, t, n, x) -> { });
        String md = SemanticsDoc.render(m, SemanticsDoc.Parsed.empty(), "here", Map.of());
        assertTrue(md.contains(SemanticsDoc.WHY_HEADER + "\n\n- `resetIsError`: On RST Linux"), md);
    }

    @Test
    void columnsOfBackendsThatDidNotRunAreKeptFromThePreviousFile() {
        // Run one backend only, so the other three are "not available here" as far as the document goes.
        Map<Backend, List<Mode>> all = SemanticsMatrix.backends(Pollers.statuses(), Set.of());
        Backend ran = all.keySet().iterator().next();
        Map<Backend, List<Mode>> one = new EnumMap<>(Backend.class);
        one.put(ran, all.get(ran));
        SemanticsMatrix m = SemanticsMatrix.run(one,
                b -> Set.of("readableWhenDataArrives", "modesAccepted").contains(b.name()), (d, t, n, x) -> { });

        Backend kept = ran == Backend.KQUEUE ? Backend.NIO : Backend.KQUEUE;
        Backend never = ran == Backend.POLL ? Backend.NIO : Backend.POLL;
        if (never == kept) {
            never = Backend.EPOLL;
        }
        SemanticsDoc.Parsed previous = SemanticsDoc.Parsed.empty();
        previous.producedOn().put(kept, "a Mac somewhere");
        previous.producedOn().put(ran, "an older machine");
        previous.cells().put("modesAccepted", new EnumMap<>(Map.of(kept, "LEVEL EDGE | pipes", ran, "stale")));

        String md = SemanticsDoc.render(m, previous, "this machine", Map.of(never, "not installed"));
        SemanticsDoc.Parsed back = SemanticsDoc.parse(md);

        assertEquals(m.cell(m.behaviours().get(0), ran), back.cell("readableWhenDataArrives", ran));
        assertEquals(m.cell(m.behaviours().get(1), ran), back.cell("modesAccepted", ran), "fresh cells replace stale ones");
        assertEquals("LEVEL EDGE | pipes", back.cell("modesAccepted", kept), "kept, and the pipe survives escaping");
        assertEquals(SemanticsDoc.NOT_RUN, back.cell("readableWhenDataArrives", kept));
        assertEquals(SemanticsDoc.NOT_RUN, back.cell("modesAccepted", never));
        assertEquals("a Mac somewhere", back.producedOn().get(kept));
        assertTrue(back.producedOn().get(ran).startsWith("this machine; modes level"), back.producedOn().get(ran));
        assertEquals("not run: not installed", back.producedOn().get(never));
        assertTrue(md.contains("\n## Readiness\n") && md.contains("\n## Modes\n"), md);
        assertTrue(md.contains("- `modesAccepted`: poll(2) and the JDK Selector have no edge-triggered mode"), md);
    }
}
