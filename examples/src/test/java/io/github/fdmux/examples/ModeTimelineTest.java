package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mode timeline of docs/guide.md is what {@link ModeTimeline} observes, column by column, on
 * every backend and mode available here (emulated modes included: they must not be told apart).
 */
class ModeTimelineTest {
    static final String MARKER = "<!-- ModeTimeline table";

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.fdmux.examples.Available#backendModes")
    void guideTableIsWhatThePollsReturn(Backend backend, Mode mode) throws Exception {
        Map<Mode, List<String>> documented = documentedTable();
        List<String> observed;
        try (Poller poller = Pollers.open(backend)) {
            observed = ModeTimeline.play(poller, mode);
        }
        assertEquals(documented.get(mode), observed, "the " + mode + " column of docs/guide.md on " + backend);
        assertEquals(ModeTimeline.strip(mode, observed), String.join("\n", documentedStrip(mode)) + "\n",
                "the " + mode + " strip of docs/guide.md on " + backend);
        if (mode == Mode.LEVEL) {
            assertEquals(ModeTimeline.render(Map.of(Mode.LEVEL, observed)),
                    ModeTimeline.render(Map.of(Mode.LEVEL, documented.get(Mode.LEVEL))), "rendering round trip");
        }
    }

    /** The code block after {@code <!-- ModeTimeline strip MODE -->} in docs/guide.md. */
    static List<String> documentedStrip(Mode mode) {
        return blockAfter("<!-- ModeTimeline strip " + mode.name() + " ").lines();
    }

    private static Docs.Fence blockAfter(String marker) {
        Path guide = Docs.root().resolve("docs/guide.md");
        List<String> lines = Docs.lines(guide);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(marker)) {
                at = i;
            }
        }
        assertNotNull(at >= 0 ? "" : null, "docs/guide.md has the line '" + marker + "...'");
        for (Docs.Fence f : Docs.fences(guide)) {
            if (f.line() > at + 1) {
                return f;
            }
        }
        throw new AssertionError("no code block after '" + marker + "' in docs/guide.md");
    }

    /** The table after the marker comment in docs/guide.md: mode → cells, rows in {@link ModeTimeline#STEPS} order. */
    static Map<Mode, List<String>> documentedTable() {
        Docs.Fence table = blockAfter(MARKER);
        List<String> rows = table.lines();
        List<Mode> modes = new ArrayList<>();
        for (String name : rows.get(0).strip().split("\\s{2,}")) {
            modes.add(Mode.valueOf(name));
        }
        assertEquals(Arrays.asList(Mode.values()), modes, "the guide's table has a column per mode, in order");
        Map<Mode, List<String>> columns = new EnumMap<>(Mode.class);
        for (Mode m : modes) {
            columns.put(m, new ArrayList<>());
        }
        assertEquals(ModeTimeline.STEPS.size() + 1, rows.size(), "a row per step");
        for (int r = 1; r < rows.size(); r++) {
            String[] cells = rows.get(r).strip().split("\\s{2,}");
            assertEquals(r + ". " + ModeTimeline.STEPS.get(r - 1), cells[0], "row " + r);
            assertEquals(modes.size() + 1, cells.length, "cells of row " + r);
            for (int c = 0; c < modes.size(); c++) {
                columns.get(modes.get(c)).add(cells[c + 1]);
            }
        }
        return columns;
    }
}
