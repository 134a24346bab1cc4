package io.github.fdmux.it.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Joins threads with a hard deadline; on expiry, says which are stuck and dumps every thread. */
final class Watchdog {
    private Watchdog() {
    }

    /**
     * @param threads the threads to join
     * @param deadlineNanos {@link System#nanoTime()} deadline
     * @param what what they were doing
     * @throws InterruptedException if interrupted
     * @throws AssertionError with a thread dump if one is still alive at the deadline
     */
    static void joinAll(List<Thread> threads, long deadlineNanos, String what) throws InterruptedException {
        for (Thread t : threads) {
            long left = deadlineNanos - System.nanoTime();
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                throw new AssertionError(what + ": thread " + t.getName() + " did not finish in time (deadlock or"
                        + " lost wakeup?)\n" + dump());
            }
        }
    }

    /** @return every live thread's stack, locks held and waited for, and any deadlock the JVM sees */
    static String dump() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            sb.append("DEADLOCKED threads: ").append(java.util.Arrays.toString(deadlocked)).append('\n');
        }
        for (ThreadInfo info : mx.dumpAllThreads(true, true)) {
            sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                sb.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                sb.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            sb.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
