package io.github.fdmux.spi;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * The state every backend's registration shares. Backends subclass it to add their own (a pollfd
 * index, a SelectionKey, ...). All mutation goes through the owning {@link AbstractPoller}, under its
 * lock.
 *
 * <p>Thread-safe as {@link Registration} says: interest, attachment and validity are volatile, and
 * {@link #modify}, {@link #rearm()} and {@link #cancel()} go through the poller, with its exceptions.
 */
public abstract class AbstractRegistration implements Registration {
    private final AbstractPoller<?> poller;
    private final int fd;
    private final SelectableChannel channel;
    private final Mode mode;
    private final boolean exclusive;
    private volatile Interest interest;
    private volatile Object attachment;
    private volatile boolean valid = true;

    /** Slot in the poller's table and the token the kernel carries back; set by the table. */
    int slot = -1;
    long token;
    /** File identity captured at registration (null when the backend needs none). */
    Object identity;
    /** Poll-thread only: which poll last delivered this registration, and at which index. */
    long batchStamp = -1;
    int batchIndex;
    /** Set on the registration of a native source's own fd (a timerfd, ...): its readiness is the source's. */
    SourceBinding sourceBinding;

    /**
     * Creates a valid registration; the poller adds it to the kernel.
     *
     * @param poller the owning poller
     * @param fd the fd, or -1 where the backend has none (NIO)
     * @param channel the channel, or null for a raw fd
     * @param interest the initial interest
     * @param mode the mode
     * @param attachment the attachment
     * @param exclusive whether {@link io.github.fdmux.RegisterOption#EXCLUSIVE} was asked for
     */
    protected AbstractRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest,
            Mode mode, Object attachment, boolean exclusive) {
        this.poller = poller;
        this.fd = fd;
        this.channel = channel;
        this.interest = interest;
        this.mode = mode;
        this.attachment = attachment;
        this.exclusive = exclusive;
    }

    @Override
    public final Poller poller() {
        return poller;
    }

    @Override
    public final int fd() {
        return fd;
    }

    @Override
    public final SelectableChannel channel() {
        return channel;
    }

    @Override
    public final Interest interest() {
        return interest;
    }

    @Override
    public final Mode mode() {
        return mode;
    }

    /** {@return whether the registration was made with {@link io.github.fdmux.RegisterOption#EXCLUSIVE}} */
    public final boolean isExclusive() {
        return exclusive;
    }

    @Override
    public final Object attachment() {
        return attachment;
    }

    @Override
    public final Object attach(Object newAttachment) {
        Object previous = attachment;
        attachment = newAttachment;
        return previous;
    }

    @Override
    public final boolean isValid() {
        return valid;
    }

    /** {@return the token the kernel carries back for this registration (slot and generation)} */
    public final long token() {
        return token;
    }

    @Override
    public final void modify(Interest newInterest) throws IOException {
        poller.modify(this, newInterest);
    }

    @Override
    public final void rearm() throws IOException {
        poller.rearm(this);
    }

    @Override
    public final boolean cancel() {
        return poller.cancel(this);
    }

    final void setInterest(Interest newInterest) {
        interest = newInterest;
    }

    final void invalidate() {
        valid = false;
    }

    @Override
    public String toString() {
        return poller.backend() + " registration of " + (channel != null ? channel + " (fd " + fd + ")" : "fd " + fd)
                + " " + interest + " " + mode + (valid ? "" : " cancelled");
    }
}
