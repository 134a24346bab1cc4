package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.cli.compare.Baseline;
import io.github.fdmux.cli.compare.JsonReader;
import io.github.fdmux.conformance.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fdmux compare} with tiny durations: a well-formed table of medians, a verdict, JSON with the rounds, a sweep. */
@Timeout(300)
class CompareCommandTest {
    private static final String[] TINY = {"compare", "--seconds", "0.2", "--warmup", "0.05", "--connections", "4",
        "--rounds", "2"};

    private static String[] tiny(String... more) {
        return Stream.concat(Arrays.stream(TINY), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void printsOneRowPerBackendModeAndBaselineThenTheVerdict() {
        Cli r = Cli.run(TINY);
        assertEquals(0, r.code(), r.toString());
        List<String[]> expected = new ArrayList<>();
        for (Target t : Target.available()) {
            expected.add(new String[] {t.backend().name(), t.mode().id()});
        }
        boolean virtual = Baseline.VIRTUAL.absentReason() == null;
        expected.add(new String[] {"THREADS", "blocking"});
        if (virtual) {
            expected.add(new String[] {"VIRTUAL", "blocking"});
        }
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].startsWith("fdmux compare: 4 connections × 64-byte ping-pong"), r.toString());
        assertTrue(lines[0].contains("2 rounds"), lines[0]);
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("backend {2,}mode.*")) {
                header = i;
            }
        }
        assertTrue(header > 0, "table header:\n" + r.out());
        String[] columns = lines[header].trim().split("\\s{2,}");
        assertEquals(List.of("backend", "mode", "round trips/s", "±", "p50 µs", "p99 µs", "polls/rt", "events/poll",
                "changes/rt", "wakeups", "CPU µs/rt", "alloc B/rt", "threads", "RSS MiB"), List.of(columns));
        for (int i = 0; i < expected.size(); i++) {
            String line = lines[header + 1 + i];
            String[] cells = line.trim().split("\\s+");
            assertEquals(columns.length, cells.length, line);
            assertEquals(expected.get(i)[0], cells[0], line);
            assertEquals(expected.get(i)[1], cells[1], line);
            assertTrue(Double.parseDouble(cells[2].replace(",", "")) > 0, "round trips happened: " + line);
            if (cells[0].equals("THREADS") || cells[0].equals("VIRTUAL")) {
                assertEquals("-", cells[6], "a baseline has no poller: " + line);
            } else if (cells[1].contains("oneshot")) {
                assertTrue(Double.parseDouble(cells[8]) > 0.5, "oneshot re-arms: " + line);
            } else if (cells[0].equals("IO_URING")) {
                // Its LEVEL is a single-shot POLL_ADD re-armed per delivery, and a completion made between
                // polls is re-polled by a new request (docs/backends/io_uring.md): SQEs, counted as changes.
                double changes = Double.parseDouble(cells[8]);
                assertTrue(cells[1].equals("level") ? changes > 0.5 : changes >= 0, "IO_URING re-arms: " + line);
            } else {
                assertEquals(0.0, Double.parseDouble(cells[8]), 0.01, "level and edge change nothing per round trip: "
                        + line);
            }
        }
        assertEquals("", lines[header + 1 + expected.size()].trim(), "blank line after the table");
        String sentences = String.join("\n", List.of(lines).subList(header + 2 + expected.size(), lines.length));
        assertTrue(sentences.contains(" served the most round trips: ")
                || sentences.contains(" are indistinguishable on this machine: "), sentences);
        assertTrue(sentences.contains("poll calls per round trip"), sentences);
        if (!virtual) {
            assertTrue(sentences.contains("Not measured: VIRTUAL blocking: virtual threads need JDK 21"), sentences);
        }
        assertTrue(r.err().contains("compare round 1/2 [1/"), "progress on stderr:\n" + r.err());
        assertTrue(r.err().contains("compare round 2/2 ["), "progress on stderr:\n" + r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsValidAndCarriesEveryRound() {
        Cli r = Cli.run(tiny("--json", "--modes", "level,oneshot", "--baselines", "threads"));
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(r.out().strip());
        assertEquals("fdmux compare", json.get("command"));
        assertEquals(4.0, json.get("connections"));
        assertEquals(2.0, json.get("rounds"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        long expected = Target.available().stream().filter(t -> !t.mode().isEdge()).count() + 1;
        assertEquals(expected, rows.size());
        for (Map<String, Object> row : rows) {
            assertTrue(List.of("level", "oneshot", "blocking").contains(row.get("mode")), row.toString());
            for (String k : List.of("roundTripsPerSecond", "roundTripsPerSecondMin", "roundTripsPerSecondMax", "spread",
                    "p50Micros", "p99Micros", "cpuMicrosPerRoundTrip", "threads")) {
                assertTrue(row.get(k) instanceof Double, k + " in " + row);
            }
            List<Map<String, Object>> rounds = (List<Map<String, Object>>) row.get("rounds");
            assertEquals(2, rounds.size(), row.toString());
            for (Map<String, Object> round : rounds) {
                assertTrue((Double) round.get("roundTrips") > 0, round.toString());
                if (!"blocking".equals(row.get("mode"))) {
                    assertTrue((Double) round.get("polls") > 0, round.toString());
                }
            }
            double min = (Double) row.get("roundTripsPerSecondMin");
            double max = (Double) row.get("roundTripsPerSecondMax");
            double median = (Double) row.get("roundTripsPerSecond");
            assertTrue(min <= median && median <= max, row.toString());
        }
        assertTrue(((List<?>) json.get("verdict")).size() >= 2, json.get("verdict").toString());
    }

    @Test
    void aSweepPrintsOneScalingTable() {
        Cli r = Cli.run(tiny("--backends", "poll", "--modes", "level", "--baselines", "none", "--sweep", "idle=0,20"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("idle=0: Only POLL level ran"), r.out());
        assertTrue(r.out().contains("idle=20: Only POLL level ran"), r.out());
        List<String> rows = new ArrayList<>();
        for (String line : r.out().split("\\R")) {
            if (line.startsWith("POLL")) {
                rows.add(line);
            }
        }
        assertEquals(2, rows.size(), r.out());
        assertTrue(rows.get(0).matches("POLL\\s+level\\s+0\\s+[0-9,]+\\s.*"), rows.get(0));
        assertTrue(rows.get(1).matches("POLL\\s+level\\s+20\\s+[0-9,]+\\s.*"), rows.get(1));
        assertTrue(r.out().contains("As idle grows from 0 to 20: POLL level keeps "), r.out());
    }
}
