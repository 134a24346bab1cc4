package io.github.fdmux.nio;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.spi.Timeouts;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A poller on one {@link Selector}. Each registration owns one {@link SelectionKey} whose
 * attachment is the registration.
 *
 * <p>What the JDK (11 and later) does, and what this class does about it:
 * <ul>
 *   <li>{@code register}, {@code interestOps} and {@code cancel} never block on a select in
 *       progress, but only take effect when the next select starts. Every change therefore wakes a
 *       poll blocked in another thread ({@link #wakeupForChange()}); the poll loop selects again
 *       and the change is in force before it returns.</li>
 *   <li>A cancelled key stays attached to its channel until a select deregisters it, and
 *       registering the channel again before that throws {@link CancelledKeyException}. Such a
 *       registration is queued and made by the polling thread in {@link #beforeWait()}, after a
 *       {@code selectNow} that flushes the cancelled key (its results are dropped: selection is
 *       level-triggered, so anything ready is reported again by the wait that follows).</li>
 *   <li>Selection goes through {@link Selector#select(Consumer, long)}, which neither touches the
 *       selected-key set nor allocates an iterator, so a steady-state poll allocates nothing here.</li>
 *   <li>{@code select(0)} means forever: a zero timeout is {@code selectNow}, and other timeouts are
 *       rounded up to whole milliseconds so a wait never ends early.</li>
 *   <li>A select returns at once, again and again, while the thread's interrupt status is set; poll
 *       clears it around each wait and sets it again afterwards, so an interrupt neither ends nor
 *       spins a poll (the native backends ignore interrupts too) and is still there for the caller.</li>
 *   <li>ONESHOT is emulated: a delivered registration's interest ops become 0, and
 *       {@code rearm()} / {@code modify()} restore them.</li>
 *   <li>More ready keys than the event buffer holds: the rest wait in a backlog and are delivered
 *       first by the next poll (if the select still reports them ready), so none starves.</li>
 * </ul>
 */
final class NioPoller extends AbstractPoller<NioRegistration> {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");
    private static final Consumer<SelectionKey> IGNORE = key -> { };

    private final Selector selector;
    /** Bound once: a method reference made per select would allocate. */
    private final Consumer<SelectionKey> collector = this::collect;

    // Under lock: registrations waiting for a cancelled key of their channel to be flushed.
    private final List<NioRegistration> pending = new ArrayList<>();
    private volatile boolean hasPending;

    // Polling thread only.
    private final ReadyKeys ready = new ReadyKeys();
    private NioRegistration[] backlog = new NioRegistration[16];
    private NioRegistration[] spare = new NioRegistration[16];
    private int backlogCount;
    /** beforeWait flushed with selectNow, which may have consumed a wakeup: the next wait must not block. */
    private boolean flushed;

    private NioPoller(Capabilities caps, String reason, Selector selector) {
        super(caps, reason, DuplicateCheck.channelsOnly());
        this.selector = selector;
    }

    static NioPoller open(Capabilities caps, String reason, SelectorProvider provider) throws IOException {
        return new NioPoller(caps, reason, provider.openSelector());
    }

    @Override
    protected NioRegistration newRegistration(int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        return new NioRegistration(this, channel, interest, mode, attachment);
    }

    @Override
    protected int channelFd(SelectableChannel channel) {
        return -1; // this backend registers channels, not fds
    }

    @Override
    protected void implRegister(NioRegistration r) throws IOException {
        countChange();
        r.ops = NioReadiness.interestOps(r.interest(), r.channel());
        SelectionKey old = r.channel().keyFor(selector);
        if (old != null && !old.isValid()) {
            // Cancelled by an earlier registration's cancel() and not yet deregistered. Only a select
            // can flush it, and only the polling thread may select without risking to wait behind a
            // blocked select while holding the lock.
            pending.add(r);
            hasPending = true;
        } else {
            attach(r);
        }
        wakeupForChange();
    }

    private void attach(NioRegistration r) throws IOException {
        try {
            r.key = r.channel().register(selector, r.ops, r);
        } catch (CancelledKeyException e) {
            throw closedOr(r, e);
        } catch (IllegalSelectorException e) {
            // The JDK's own exception says nothing (no message); say which channel and why.
            SelectableChannel ch = r.channel();
            throw new IllegalArgumentException(ch.getClass().getName() + " (provider " + ch.provider().getClass()
                    .getName() + ") is not a channel this NIO poller's Selector (provider " + selector.provider()
                    .getClass().getName() + ") can select; open a poller of the channel's own provider with"
                    + " NioPollers.open(provider)", e);
        }
    }

    @Override
    protected void implModify(NioRegistration r, Interest interest) throws IOException {
        countChange();
        setOps(r, NioReadiness.interestOps(interest, r.channel()));
    }

    @Override
    protected void implRearm(NioRegistration r) throws IOException {
        countChange();
        setOps(r, NioReadiness.interestOps(r.interest(), r.channel()));
    }

    private void setOps(NioRegistration r, int ops) throws IOException {
        r.ops = ops;
        if (r.key == null) {
            return; // pending: attached with r.ops by beforeWait
        }
        try {
            r.key.interestOps(ops);
        } catch (CancelledKeyException e) {
            throw closedOr(r, e);
        }
        wakeupForChange();
    }

    /** Our keys are only cancelled by {@link #implCancel} or by closing the channel. */
    private static RuntimeException closedOr(NioRegistration r, CancelledKeyException e) throws IOException {
        if (!r.channel().isOpen()) {
            ClosedChannelException closed = new ClosedChannelException();
            closed.initCause(e);
            throw closed;
        }
        return e;
    }

    @Override
    protected void implCancel(NioRegistration r) {
        countChange();
        if (r.key != null) {
            // The selector deregisters the key (and closes the fd of a channel closed meanwhile) at its
            // next select, or when it is closed. No wakeup: a cancelled registration is never delivered.
            r.key.cancel();
        } else if (pending.remove(r)) {
            hasPending = !pending.isEmpty();
        }
    }

    @Override
    protected void beforeWait() throws IOException {
        if (!hasPending) {
            return;
        }
        synchronized (lock) {
            for (NioRegistration r : pending) {
                SelectionKey old = r.channel().keyFor(selector);
                if (old != null && !old.isValid() && !flushed) {
                    selector.selectNow(IGNORE);
                    flushed = true;
                }
                try {
                    attach(r);
                } catch (ClosedChannelException | IllegalBlockingModeException | CancelledKeyException e) {
                    // The channel was closed (or made blocking) after register() returned: there is
                    // nothing left to report for it. The registration stays until cancelled.
                    LOG.log(System.Logger.Level.DEBUG, "NIO: queued registration of {0} dropped: {1}",
                            r.channel(), e.toString());
                }
            }
            pending.clear();
            hasPending = false;
        }
    }

    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        boolean interrupted = Thread.interrupted();
        ready.start();
        try {
            if (timeoutNanos == 0 || backlogCount > 0 || flushed) {
                selector.selectNow(collector);
            } else if (timeoutNanos < 0) {
                selector.select(collector);
            } else {
                selector.select(collector, Timeouts.millisRoundedUp(timeoutNanos));
            }
        } finally {
            flushed = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            // The select consumed any Selector.wakeup() made before it started or while it waited;
            // one made after it returned makes the next select return at once (a spurious return
            // the poll loop absorbs). Settled even if the select threw, so wakeups keep working.
            wakeupReceived();
        }
        if (ready.size() == 0) {
            clearBacklog();
        }
        return ready.size();
    }

    /** The select's action: runs in the polling thread, inside the select; takes no lock. */
    private void collect(SelectionKey key) {
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // cancelled (or its channel closed) while the select ran
        }
        ready.add((NioRegistration) key.attachment(), ops);
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        long seq = ready.seq();
        int kept = 0;
        // Those that did not fit last time go first, if still ready.
        for (int i = 0; i < backlogCount; i++) {
            NioRegistration r = backlog[i];
            backlog[i] = null;
            if (r.readySeq == seq && r.handledSeq != seq && !offer(r, seq)) {
                kept = defer(r, kept);
            }
        }
        for (int i = 0; i < rawCount; i++) {
            NioRegistration r = ready.take(i);
            if (r.handledSeq != seq && !offer(r, seq)) {
                kept = defer(r, kept);
            }
        }
        NioRegistration[] t = backlog;
        backlog = spare;
        spare = t;
        backlogCount = kept;
    }

    /** @return false if the event buffer is full and {@code r} must wait for the next poll */
    private boolean offer(NioRegistration r, long seq) throws IOException {
        r.handledSeq = seq;
        SelectionKey key = r.key;
        if (lookup(r.token()) != r || key == null || !key.isValid()) {
            return true; // cancelled, or its channel closed: never reported
        }
        // r.ops, not the select's interest: a modify made while the select ran is in force.
        int ops = NioReadiness.readyOps(r.readyOps & r.ops);
        if (ops == 0) {
            return true;
        }
        if (!deliver(r, ops)) {
            return false;
        }
        if (r.mode().isOneshot()) {
            countChange();
            r.ops = 0;
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // its channel was closed just now: nothing more to disarm
            }
        }
        return true;
    }

    private int defer(NioRegistration r, int kept) {
        if (kept == spare.length) {
            spare = Arrays.copyOf(spare, kept * 2);
        }
        spare[kept] = r;
        return kept + 1;
    }

    private void clearBacklog() {
        Arrays.fill(backlog, 0, backlogCount, null);
        backlogCount = 0;
    }

    @Override
    protected void implWakeup() {
        selector.wakeup();
    }

    @Override
    protected void implDrainWakeup() {
        // Nothing to drain: the select itself consumes Selector.wakeup().
    }

    @Override
    protected void implClose() throws IOException {
        // Deregisters every key; the JDK closes the fd of each channel closed while registered.
        selector.close();
        ready.clear();
        clearBacklog();
    }

    /** @return the selector, for tests */
    Selector selector() {
        return selector;
    }
}
