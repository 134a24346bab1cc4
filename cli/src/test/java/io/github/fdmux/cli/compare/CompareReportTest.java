package io.github.fdmux.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table and the verdict are computed from the numbers: made-up rounds give predictable sentences. */
class CompareReportTest {
    /** A row whose rounds ran at these rates (round trips per second over 1 s), with fixed counters per round trip. */
    private static RowSummary row(String name, String mode, double pollsPerRt, double changesPerRt, double cpuMicrosPerRt,
            long... rates) {
        List<CompareRow> rounds = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            long rt = rates[i];
            rounds.add(new CompareRow(name, mode, i + 1, 1.0, rt, 50_000, 400_000, Math.round(rt * pollsPerRt),
                    Math.round(rt * pollsPerRt * 3), Math.round(rt * changesPerRt), 0,
                    Math.round(rt * cpuMicrosPerRt * 1000), 0, 0, 9, 100L << 20));
        }
        return new RowSummary(name, mode, mode.contains("oneshot"), true, rounds, null);
    }

    @Test
    void medianAndSpreadComeFromTheRounds() {
        RowSummary r = row("EPOLL", "level", 0.2, 0, 3, 100_000, 120_000, 110_000);
        assertEquals(110_000, r.medianRate(), 1e-9);
        assertEquals(100_000, r.minRate(), 1e-9);
        assertEquals(120_000, r.maxRate(), 1e-9);
        assertEquals(10_000.0 / 110_000, r.spread(), 1e-9);
        assertEquals(0.2, r.pollsPerRoundTrip(), 1e-6);
        assertEquals(3.0, r.eventsPerPoll(), 1e-6);
        assertEquals(3.0, r.cpuMicrosPerRoundTrip(), 1e-6);
        assertEquals(105_000, row("POLL", "level", 0.2, 0, 3, 100_000, 110_000, 100_000, 120_000).medianRate(), 1e-9);
    }

    @Test
    void aWinnerIsNamedOnlyWhenItsSlowestRoundBeatsTheRunnerUpsFastest() {
        RowSummary epoll = row("EPOLL", "level", 0.2, 0, 3, 150_000, 155_000, 152_000);
        RowSummary poll = row("POLL", "level", 0.4, 0, 5, 100_000, 104_000, 102_000);
        List<String> s = Verdict.sentences(List.of(poll, epoll));
        assertEquals("EPOLL level served the most round trips: a median of 152,000/s over 3 rounds (slowest round"
                + " 150,000/s), ahead of POLL level (median 102,000/s, fastest round 104,000/s): 49% more, a difference"
                + " larger than the round-to-round spread of either row (±2%, ±2%), so it holds on this machine.",
                s.get(0));
        assertEquals("Why: per round trip EPOLL level used 3.0 µs of server CPU against POLL level's 5.0 µs; EPOLL level"
                + " made fewer poll calls (0.200 against 0.400 per round trip: 3.0 against 3.0 events per call); and"
                + " each call costs more: poll(2) hands the kernel every watched fd on every call and scans them all,"
                + " however few are ready.", s.get(1));
    }

    @Test
    void overlappingRoundsAreIndistinguishableWhateverTheMedians() {
        // The medians differ by 20%, but the noise is bigger: no winner.
        RowSummary a = row("EPOLL", "level", 0.2, 0, 3, 85_000, 176_000, 154_000);
        RowSummary b = row("POLL", "level", 0.2, 0, 3, 120_000, 130_000, 170_000);
        RowSummary slow = row("SELECT", "oneshot", 0.2, 1, 4, 50_000, 52_000, 51_000);
        List<String> s = Verdict.sentences(List.of(a, b, slow));
        assertTrue(s.get(0).startsWith("EPOLL level and POLL level are indistinguishable on this machine: their rounds"
                + " overlap (EPOLL level 85,000–176,000/s, POLL level 120,000–170,000/s)"), s.get(0));
        assertFalse(s.get(0).contains("served the most"), s.get(0));
        // SELECT is behind every round of neither... EPOLL's slowest round (85,000) is above all of SELECT's.
        assertTrue(s.get(0).endsWith("Clearly slower: SELECT oneshot (every round below EPOLL level's slowest,"
                + " 85,000/s)."), s.get(0));
        assertTrue(s.get(1).startsWith("Why: per round trip EPOLL level used 3.0 µs of server CPU against SELECT"
                + " oneshot's 4.0 µs; fewer interest changes (0.00 against 1.00 per round trip: SELECT oneshot re-arms"
                + " after every event)"), s.get(1));
    }

    @Test
    void aSingleRoundGivesNoVerdict() {
        List<String> s = Verdict.sentences(List.of(row("EPOLL", "level", 0.2, 0, 3, 150_000),
                row("NIO", "level", 0.2, 0, 3, 100_000)));
        assertTrue(s.get(0).contains("with a single round there is no spread to judge the difference by: no verdict"),
                s.get(0));
    }

    @Test
    void baselinesAreExplainedByTheirThreads() {
        RowSummary epoll = row("EPOLL", "level", 0.2, 0, 3, 150_000, 155_000, 152_000);
        RowSummary threads = new RowSummary("THREADS", "blocking", false, false, List.of(
                new CompareRow("THREADS", "blocking", 1, 1.0, 90_000, 70_000, 300_000, -1, -1, -1, -1, 900_000_000L, 0,
                        0, 41, 120L << 20),
                new CompareRow("THREADS", "blocking", 2, 1.0, 95_000, 70_000, 300_000, -1, -1, -1, -1, 950_000_000L, 0,
                        0, 41, 120L << 20)), null);
        List<String> s = Verdict.sentences(List.of(epoll, threads));
        assertTrue(s.get(1).contains("THREADS blocking has no event loop: a thread per connection (41 JVM platform"
                + " threads at the end of a round) blocks in read"), s.get(1));
        String table = CompareReport.table(List.of(epoll, threads));
        String[] lines = table.split("\\R");
        assertEquals(List.of("THREADS", "blocking", "92,500", "3%", "70.0", "300", "-", "-", "-", "-", "10.0", "0.00",
                "41", "120"), List.of(lines[2].trim().split("\\s+")));
    }

    @Test
    void absentRowsAreListedWithTheirReasonNotInTheTable() {
        RowSummary absent = new RowSummary("VIRTUAL", "blocking", false, false, List.of(),
                "virtual threads need JDK 21 or later; this is Java 17");
        RowSummary epoll = row("EPOLL", "level", 0.2, 0, 3, 150_000, 155_000, 152_000);
        assertEquals(2, CompareReport.table(List.of(epoll, absent)).split("\\R").length);
        assertEquals(List.of("Not measured: VIRTUAL blocking: virtual threads need JDK 21 or later; this is Java 17."),
                CompareReport.absentLines(List.of(epoll, absent)));
        assertTrue(Verdict.sentences(List.of(epoll, absent)).get(0).startsWith("Only EPOLL level ran"));
    }

    @Test
    void theScalingSentenceFollowsEachRowFromTheFirstValueToTheLast() {
        List<Sweep.Point> points = List.of(
                new Sweep.Point(0, List.of(row("EPOLL", "level", 0.2, 0, 3, 100_000, 100_000),
                        row("SELECT", "level", 0.2, 0, 3, 100_000, 100_000))),
                new Sweep.Point(5000, List.of(row("EPOLL", "level", 0.2, 0, 3, 95_000, 95_000),
                        new RowSummary("SELECT", "level", false, true, List.of(), "above FD_SETSIZE"))));
        assertEquals(List.of("As idle grows from 0 to 5000: EPOLL level keeps 95% of its rate (3.0 → 3.0 µs of CPU per"
                + " round trip); SELECT level could not run beyond idle=0 (above FD_SETSIZE)."),
                Verdict.scaling("idle", points));
        String t = CompareReport.scalingTable("idle", points);
        assertTrue(java.util.regex.Pattern.compile("SELECT\\s+level\\s+5000\\s+absent").matcher(t).find(), t);
        assertEquals(5, t.split("\\R").length, t);
    }

    @Test
    void sweepSpecsParseAndBadOnesSayWhy() {
        assertEquals(new Sweep.Spec("idle", List.of(0, 1000, 5000)), Sweep.Spec.parse("idle=0,1000,5000"));
        assertEquals(new Sweep.Spec("connections", List.of(10, 100)), Sweep.Spec.parse("Connections=10, 100"));
        for (String bad : new String[] {"idle", "threads=1,2", "size=1,x", "=1"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Sweep.Spec.parse(bad));
            assertTrue(e.getMessage().startsWith("--sweep"), e.getMessage());
        }
    }
}
