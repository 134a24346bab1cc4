package io.github.fdmux.cli.serve;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads that each take a ready connection, run one turn of I/O on it and re-arm it.
 *
 * <p>A ring of connections under a monitor, and park/unpark for idle workers: unlike
 * {@code BlockingQueue}s (whose waits allocate a condition node each time), a hand-off allocates
 * nothing, so the worker variant keeps the server's zero-allocation steady state. Each
 * connection is in the ring at most once: its oneshot registration stays disarmed until the
 * worker's re-arm.
 */
final class WorkerPool {
    private final Object lock = new Object();
    private final Thread[] threads;
    private final int[] idleStack;
    private final boolean[] idle;
    private int idleCount;
    private Connection[] ring = new Connection[1024];
    private int head;
    private int size;
    private boolean stopping;

    WorkerPool(int count) {
        threads = new Thread[count];
        idleStack = new int[count];
        idle = new boolean[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            threads[i] = new Thread(() -> work(index), "fdmux-serve-worker-" + i);
            threads[i].setDaemon(true);
        }
    }

    void start() {
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Queues a connection for the next free worker. Any thread. */
    void submit(Connection c) {
        Thread wake = null;
        synchronized (lock) {
            if (size == ring.length) {
                grow();
            }
            ring[(head + size) % ring.length] = c;
            size++;
            if (idleCount > 0) {
                int w = idleStack[--idleCount];
                idle[w] = false;
                wake = threads[w];
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    private void grow() {
        Connection[] bigger = new Connection[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    private void work(int index) {
        while (true) {
            Connection c = null;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                if (size > 0) {
                    c = ring[head];
                    ring[head] = null;
                    head = (head + 1) % ring.length;
                    size--;
                } else if (!idle[index]) {
                    idle[index] = true;
                    idleStack[idleCount++] = index;
                }
            }
            if (c == null) {
                LockSupport.park(this); // an unpark before the park is not lost: it leaves a permit
            } else {
                c.workerTurn();
            }
        }
    }

    /** @return the worker threads' ids */
    long[] threadIds() {
        long[] ids = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            ids[i] = threads[i].getId();
        }
        return ids;
    }

    /**
     * Stops the workers once they finish their current turn; queued connections are dropped (the
     * server closes them).
     *
     * @param timeoutMillis how long to wait for each worker
     * @return true if every worker stopped
     */
    boolean stop(long timeoutMillis) throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            ring = new Connection[1];
            head = 0;
            size = 0;
        }
        boolean all = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread t : threads) {
            LockSupport.unpark(t);
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            all &= !t.isAlive();
        }
        return all;
    }
}
