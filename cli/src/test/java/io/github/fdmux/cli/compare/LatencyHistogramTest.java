package io.github.fdmux.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsAreContiguousAndBoundTheirValues() {
        for (long v : new long[] {0, 1, 31, 32, 33, 63, 64, 65, 1000, 123_456_789L, Long.MAX_VALUE / 3}) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperBound(i) >= v, "upper bound of " + v);
            assertTrue(i == 0 || LatencyHistogram.upperBound(i - 1) < v, "previous bucket below " + v);
        }
    }

    @Test
    void percentilesAreWithinThreePercent() {
        Random r = new Random(1);
        long[] values = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000 + (long) (r.nextDouble() * r.nextDouble() * 5_000_000);
            h.record(values[i]);
        }
        Arrays.sort(values);
        assertEquals(values.length, h.count());
        for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(p * values.length) - 1];
            long got = h.percentile(p);
            assertTrue(got >= exact && got <= exact * 1.032, "p" + p + ": exact " + exact + ", histogram " + got);
        }
        assertEquals(values[values.length - 1], h.percentile(1.0));
        h.reset();
        assertEquals(0, h.percentile(0.5));
    }
}
