package io.github.fdmux.cli.compare;

/**
 * Latencies in nanoseconds, in log-linear buckets (32 per power of two: under 3.2% error), with
 * constant memory and no allocation per value. Not thread-safe: one recording thread.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[(64 - SUB_BITS) * SUB + SUB];
    private long total;
    private long max;

    /**
     * @param nanos a latency, 0 or more (negative values count as 0)
     */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return (shift + 1) * SUB + (int) ((v >>> shift) & (SUB - 1));
    }

    /** @return the largest value a bucket holds, so percentiles never understate */
    static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long base = (long) (SUB + index % SUB) << shift;
        return base + (1L << shift) - 1;
    }

    /** @return how many values were recorded */
    public long count() {
        return total;
    }

    /** @return the largest value recorded */
    public long max() {
        return max;
    }

    /**
     * @param fraction 0 to 1, e.g. 0.99
     * @return the value at that fraction (the upper bound of its bucket, capped at the maximum), or 0 if empty
     */
    public long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    /** Forgets every value. */
    public void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    /** @return an independent copy */
    public LatencyHistogram copy() {
        LatencyHistogram c = new LatencyHistogram();
        System.arraycopy(counts, 0, c.counts, 0, counts.length);
        c.total = total;
        c.max = max;
        return c;
    }
}
