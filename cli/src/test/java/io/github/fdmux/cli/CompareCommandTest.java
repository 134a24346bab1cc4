package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.conformance.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fdmux compare} with tiny durations: a well-formed table, and valid JSON. */
@Timeout(120)
class CompareCommandTest {
    private static final String[] TINY = {"compare", "--seconds", "0.25", "--warmup", "0.1", "--connections", "4"};

    @Test
    void printsOneRowPerBackendAndModeAndTwoSentences() {
        Cli r = Cli.run(TINY);
        assertEquals(0, r.code(), r.toString());
        List<Target> targets = Target.available();
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].startsWith("fdmux compare: 4 connections × 64-byte ping-pong"), r.toString());
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("backend {2,}mode.*")) {
                header = i;
            }
        }
        assertTrue(header > 0, "table header:\n" + r.out());
        String[] columns = lines[header].trim().split("\\s{2,}");
        assertEquals(List.of("backend", "mode", "round trips/s", "p50 µs", "p99 µs", "polls/rt", "events/poll",
                "changes/rt", "wakeups", "CPU s", "alloc B/rt"), List.of(columns));
        for (int i = 0; i < targets.size(); i++) {
            String[] cells = lines[header + 1 + i].trim().split("\\s+");
            assertEquals(columns.length, cells.length, lines[header + 1 + i]);
            assertEquals(targets.get(i).backend().name(), cells[0]);
            assertEquals(targets.get(i).mode().id(), cells[1]);
            assertTrue(Double.parseDouble(cells[2].replace(",", "")) > 0, "round trips happened: " + lines[header + 1 + i]);
            if (targets.get(i).mode().isOneshot()) {
                assertTrue(Double.parseDouble(cells[7]) > 0.5, "oneshot re-arms: " + lines[header + 1 + i]);
            } else if (targets.get(i).backend() == io.github.fdmux.Backend.IO_URING) {
                // Its LEVEL is a single-shot POLL_ADD re-armed per delivery, and a completion made between
                // polls is re-polled by a new request (docs/backends/io_uring.md): SQEs, counted as changes.
                double changes = Double.parseDouble(cells[7]);
                assertTrue(targets.get(i).mode() == io.github.fdmux.Mode.LEVEL ? changes > 0.5 : changes >= 0,
                        "IO_URING re-arms: " + lines[header + 1 + i]);
            } else {
                assertEquals(0.0, Double.parseDouble(cells[7]), 0.01, "level and edge change nothing per round trip: "
                        + lines[header + 1 + i]);
            }
        }
        assertEquals("", lines[header + 1 + targets.size()].trim(), "blank line after the table");
        String sentences = String.join("\n", List.of(lines).subList(header + 2 + targets.size(), lines.length));
        assertTrue(sentences.contains("round trips") && sentences.contains("poll calls per round trip"), sentences);
        assertTrue(r.err().contains("compare [1/" + targets.size() + "]"), "progress on stderr:\n" + r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsValidAndCarriesEveryRow() {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(TINY), java.util.stream.Stream.of("--json",
                "--modes", "level,oneshot")).toArray(String[]::new);
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(r.out().strip());
        assertEquals("fdmux compare", json.get("command"));
        assertEquals(4.0, json.get("connections"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        long expected = Target.available().stream().filter(t -> !t.mode().isEdge()).count();
        assertEquals(expected, rows.size());
        for (Map<String, Object> row : rows) {
            assertTrue(List.of("level", "oneshot").contains(row.get("mode")), row.toString());
            assertTrue((Double) row.get("roundTrips") > 0, row.toString());
            assertTrue((Double) row.get("polls") > 0, row.toString());
            for (String k : List.of("roundTripsPerSecond", "p50Micros", "p99Micros", "pollsPerRoundTrip",
                    "eventsPerPoll", "changesPerRoundTrip", "wakeups", "cpuSeconds", "allocatedBytesPerRoundTrip")) {
                assertTrue(row.get(k) instanceof Double, k + " in " + row);
            }
        }
        assertEquals(2, ((List<?>) json.get("interpretation")).size());
    }
}
