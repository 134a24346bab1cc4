package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An in-memory backend for testing {@link AbstractPoller} alone: "ready" fds are queued by the test,
 * the wait returns them, wakeups are a flag.
 */
final class FakePoller extends AbstractPoller<FakePoller.Reg> {
    final Deque<long[]> kernelQueue = new ArrayDeque<>();
    private long[][] lastBatch = new long[0][];
    volatile boolean signalled;
    int closes;
    int cancels;

    static final class Reg extends AbstractRegistration {
        Reg(FakePoller p, int fd, SelectableChannel ch, Interest i, Mode m, Object a, boolean x) {
            super(p, fd, ch, i, m, a, x);
        }
    }

    FakePoller() {
        super(Capabilities.builder(Backend.POLL).mode(Mode.LEVEL, Support.NATIVE).mode(Mode.ONESHOT, Support.EMULATED)
                .rawFds(true).build(), "test", DuplicateCheck.channelsOnly());
    }

    Reg reg(int fd) {
        return new Reg(this, fd, null, Interest.READ, Mode.LEVEL, null, false);
    }

    /** Makes the next wait report {@code r} with {@code ops}. */
    synchronized void ready(Reg r, int ops) {
        kernelQueue.add(new long[] {r.token(), ops});
        notifyAll();
    }

    /** Registers {@code fd} as a caller would, level-triggered, and makes the next wait report it with {@code ops}. */
    Reg registerReady(int fd, Interest interest, Object attachment, int ops) throws java.io.IOException {
        Reg r = (Reg) register(fd, interest, Mode.LEVEL, attachment);
        ready(r, ops);
        return r;
    }

    @Override
    protected Reg newRegistration(int fd, SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            boolean exclusive) {
        return new Reg(this, fd, channel, interest, mode, attachment, exclusive);
    }

    @Override
    protected int channelFd(SelectableChannel channel) {
        return -1;
    }

    @Override
    protected void implRegister(Reg r) {
    }

    @Override
    protected void implModify(Reg r, Interest interest) {
    }

    @Override
    protected void implRearm(Reg r) {
    }

    @Override
    protected void implCancel(Reg r) {
        cancels++;
    }

    @Override
    protected synchronized int implWait(int maxEvents, long timeoutNanos) throws java.io.IOException {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (kernelQueue.isEmpty() && !signalled) {
            long left = deadline - System.nanoTime();
            if (timeoutNanos == 0 || (timeoutNanos > 0 && left <= 0)) {
                return 0;
            }
            try {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }
        int n = Math.min(maxEvents, kernelQueue.size()) + (signalled ? 1 : 0);
        lastBatch = new long[n][];
        int i = 0;
        if (signalled) {
            lastBatch[i++] = new long[] {-1L, 0};
        }
        while (i < n) {
            lastBatch[i++] = kernelQueue.poll();
        }
        return n;
    }

    @Override
    protected void implDecode(int rawCount) throws java.io.IOException {
        for (int i = 0; i < rawCount; i++) {
            long[] e = lastBatch[i];
            if (e[0] == -1L) {
                wakeupReceived();
                continue;
            }
            Reg r = lookup(e[0]);
            if (r != null) {
                deliver(r, (int) e[1]);
            }
        }
    }

    @Override
    protected synchronized void implWakeup() {
        signalled = true;
        notifyAll();
    }

    @Override
    protected synchronized void implDrainWakeup() {
        signalled = false;
    }

    /** An fd this fake claims as its own (-1: none). */
    int ownFd = -1;

    @Override
    protected boolean isOwnFd(int fd) {
        return fd == ownFd;
    }

    @Override
    protected void implClose() {
        closes++;
    }
}
