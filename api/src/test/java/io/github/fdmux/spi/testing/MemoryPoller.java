package io.github.fdmux.spi.testing;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import io.github.fdmux.spi.DuplicateCheck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A backend without a kernel, for testing what {@link AbstractPoller} does on its own (api's tests)
 * and the conformance catalogue's own checks: "ready" fds are queued by the test and the wait
 * returns them, the wait is a monitor wait and a wakeup is a flag, so every timer, signal, process
 * and user event is fdmux's emulation in AbstractPoller. Nothing is native: an fd is only a number.
 *
 * <p>Shared through fdmux-api's tests jar (this package only), a test-scoped dependency.
 */
public final class MemoryPoller extends AbstractPoller<MemoryPoller.Reg> {
    private final Deque<long[]> kernelQueue = new ArrayDeque<>();
    private long[][] lastBatch = new long[0][];
    private volatile boolean signalled;
    private int closes;
    /** An fd this poller claims as its own (-1: none). */
    private int ownFd = -1;

    /** A registration of this poller. */
    public static final class Reg extends AbstractRegistration {
        Reg(MemoryPoller p, int fd, SelectableChannel ch, Interest i, Mode m, Object a, boolean x) {
            super(p, fd, ch, i, m, a, x);
        }
    }

    /** A poller that claims POLL's shape: LEVEL native, ONESHOT emulated, raw fds. */
    public MemoryPoller() {
        this(Capabilities.builder(Backend.POLL).mode(Mode.LEVEL, Support.NATIVE).mode(Mode.ONESHOT, Support.EMULATED)
                .rawFds(true).build());
    }

    /**
     * A poller that claims NIO's LEVEL-only shape, without raw fds: the conformance catalogue's own
     * checks run on it, with only emulated sources.
     *
     * @return a new poller
     */
    public static MemoryPoller withoutRawFds() {
        return new MemoryPoller(Capabilities.builder(Backend.NIO).mode(Mode.LEVEL, Support.NATIVE).build());
    }

    /** @param capabilities what the poller claims (what a check reads from {@code capabilities()}) */
    public MemoryPoller(Capabilities capabilities) {
        super(capabilities, "test", DuplicateCheck.channelsOnly());
    }

    /**
     * A registration of {@code fd} that is not in the poller's table, for testing the table alone.
     *
     * @param fd the fd it names
     * @return the registration
     */
    public Reg reg(int fd) {
        return new Reg(this, fd, null, Interest.READ, Mode.LEVEL, null, false);
    }

    /**
     * Makes the next wait report {@code r} with {@code ops}.
     *
     * @param r the registration
     * @param ops fdmux readiness bits
     */
    public synchronized void ready(Reg r, int ops) {
        kernelQueue.add(new long[] {r.token(), ops});
        notifyAll();
    }

    /**
     * Registers {@code fd} as a caller would, level-triggered, and makes the next wait report it with
     * {@code ops}.
     *
     * @param fd the fd
     * @param interest its interest
     * @param attachment its attachment
     * @param ops fdmux readiness bits the next wait reports
     * @return the registration
     * @throws IOException if the register fails
     */
    public Reg registerReady(int fd, Interest interest, Object attachment, int ops) throws IOException {
        Reg r = (Reg) register(fd, interest, Mode.LEVEL, attachment);
        ready(r, ops);
        return r;
    }

    /** @param fd an fd this poller claims as its own from now on (-1: none) */
    public void ownFd(int fd) {
        ownFd = fd;
    }

    /** @return how many times the backend's close ran */
    public int closes() {
        return closes;
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
    }

    @Override
    protected synchronized int implWait(int maxEvents, long timeoutNanos) throws IOException {
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
                throw new InterruptedIOException();
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
    protected void implDecode(int rawCount) throws IOException {
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

    @Override
    protected boolean isOwnFd(int fd) {
        return fd == ownFd;
    }

    @Override
    protected void implClose() {
        closes++;
    }
}
