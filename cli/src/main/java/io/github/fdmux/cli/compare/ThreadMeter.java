package io.github.fdmux.cli.compare;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and heap bytes allocated by a set of threads, from the JVM's ThreadMXBean (allocation
 * through the {@code com.sun.management} extension, present in HotSpot-based JDKs).
 */
public final class ThreadMeter {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

    private ThreadMeter() {
    }

    /**
     * A reading.
     *
     * @param cpuNanos       CPU time of the threads, summed; -1 if the JVM cannot tell
     * @param allocatedBytes heap bytes the threads allocated, summed; -1 if the JVM cannot tell
     */
    public record Sample(long cpuNanos, long allocatedBytes) {
        /**
         * @param earlier an earlier sample of the same threads
         * @return the difference, or -1 where either is unknown
         */
        public Sample minus(Sample earlier) {
            return new Sample(cpuNanos < 0 || earlier.cpuNanos < 0 ? -1 : cpuNanos - earlier.cpuNanos,
                    allocatedBytes < 0 || earlier.allocatedBytes < 0 ? -1 : allocatedBytes - earlier.allocatedBytes);
        }
    }

    /**
     * @param threadIds live threads
     * @return their CPU time and allocation so far
     */
    public static Sample sample(long[] threadIds) {
        long cpu = -1;
        if (BEAN.isThreadCpuTimeSupported()) {
            if (!BEAN.isThreadCpuTimeEnabled()) {
                BEAN.setThreadCpuTimeEnabled(true);
            }
            cpu = 0;
            for (long id : threadIds) {
                long t = BEAN.getThreadCpuTime(id);
                if (t < 0) {
                    cpu = -1;
                    break;
                }
                cpu += t;
            }
        }
        long allocated = -1;
        if (BEAN instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) BEAN;
            if (sun.isThreadAllocatedMemorySupported()) {
                if (!sun.isThreadAllocatedMemoryEnabled()) {
                    sun.setThreadAllocatedMemoryEnabled(true);
                }
                allocated = 0;
                for (long b : sun.getThreadAllocatedBytes(threadIds)) {
                    if (b < 0) {
                        allocated = -1;
                        break;
                    }
                    allocated += b;
                }
            }
        }
        return new Sample(cpu, allocated);
    }
}
