package io.github.fdmux.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentences are computed from the numbers: made-up numbers give predictable sentences. */
class CompareReportTest {
    private static CompareRow row(Backend b, Mode m, long roundTrips, long polls, long changes, long cpuMillis) {
        return new CompareRow(b, m, Support.NATIVE, 2.0, roundTrips, 50_000, 400_000, polls, polls * 3, changes, 0,
                cpuMillis * 1_000_000, 0, 0);
    }

    @Test
    void sentencesNameTheBestAndWorstAndTheReArmCost() {
        List<CompareRow> rows = List.of(
                row(Backend.EPOLL, Mode.LEVEL, 200_000, 50_000, 0, 1000),
                row(Backend.EPOLL, Mode.EDGE, 220_000, 22_000, 0, 1000),
                row(Backend.EPOLL, Mode.ONESHOT, 100_000, 40_000, 100_000, 1000));
        List<String> s = CompareReport.interpretation(rows);
        assertEquals(2, s.size());
        assertEquals("EPOLL edge served the most round trips (110,000/s, p99 400 µs), 2.20× as many as EPOLL oneshot,"
                + " which served the fewest (50,000/s, p99 400 µs); per server CPU second EPOLL edge did the most work"
                + " (220,000 round trips).", s.get(0));
        assertEquals("EPOLL edge needed the fewest poll calls per round trip (0.100, 3.0 events per call), EPOLL"
                + " oneshot the most (0.400, 300% more), and the oneshot modes made 1.00 interest changes per round"
                + " trip (the re-arm after every event) against 0.00 for level and edge.", s.get(1));
    }

    @Test
    void aSingleRowStillReadsWell() {
        List<String> s = CompareReport.interpretation(List.of(row(Backend.NIO, Mode.LEVEL, 1000, 500, 0, 100)));
        assertEquals("Only NIO level ran: 500 round trips/s at p99 400 µs; per server CPU second NIO level did the most"
                + " work (10,000 round trips).", s.get(0));
        assertEquals("NIO level made 0.500 poll calls per round trip (3.0 events per call), with 0.00 interest changes"
                + " per round trip on average.", s.get(1));
    }

    @Test
    void tableAlignsColumns() {
        String t = CompareReport.table(List.of(row(Backend.EPOLL, Mode.EDGE_ONESHOT, 2_000_000, 10, 5, 1)));
        String[] lines = t.split("\\R");
        assertEquals(2, lines.length);
        assertEquals(lines[0].length(), lines[1].length(), t);
        assertEquals(List.of("EPOLL", "edge-oneshot", "1,000,000", "50.0", "400", "0.000", "3.00", "0.000", "0",
                "0.00", "0.00"), List.of(lines[1].trim().split("\\s+")));
    }
}
