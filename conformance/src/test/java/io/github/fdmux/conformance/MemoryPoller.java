package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import io.github.fdmux.spi.DuplicateCheck;
import java.io.InterruptedIOException;
import java.nio.channels.SelectableChannel;

/**
 * A backend without fds for testing the catalogue's own checks: its wait is a monitor wait, so every
 * timer, signal, process and user event is fdmux's emulation in {@link AbstractPoller}.
 */
final class MemoryPoller extends AbstractPoller<MemoryPoller.Reg> {
    private boolean signalled;

    static final class Reg extends AbstractRegistration {
        Reg(MemoryPoller p, int fd, SelectableChannel ch, Interest i, Mode m, Object a, boolean x) {
            super(p, fd, ch, i, m, a, x);
        }
    }

    MemoryPoller() {
        super(Capabilities.builder(Backend.NIO).mode(Mode.LEVEL, Support.NATIVE).build(), "test",
                DuplicateCheck.channelsOnly());
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
        throw new UnsupportedOperationException("no fds here");
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
    protected synchronized int implWait(int maxEvents, long timeoutNanos) throws java.io.IOException {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (timeoutNanos == 0 || (timeoutNanos > 0 && left <= 0)) {
                return 0;
            }
            try {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }
        return 1;
    }

    @Override
    protected void implDecode(int rawCount) throws java.io.IOException {
        if (rawCount > 0) {
            wakeupReceived();
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
    protected void implClose() {
    }
}
