package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.PollerStats;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import io.github.fdmux.Support;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part of a poller every backend shares, so that all backends agree on what the conformance
 * suite checks: argument validation, the closed state, double registration, cancelled registrations
 * never reporting, wakeup coalescing, timeouts and EINTR, one event per registration per poll, and
 * the statistics.
 *
 * <p>Locks: {@code lock} guards the registration table and every kernel interest change (so a
 * change and the decoding of a poll's results never interleave); the poll lock is held by the
 * polling thread for the whole of {@link #poll}, and {@link #close()} takes it to wait until no
 * poll is inside the kernel before releasing native memory; the wakeup lock keeps a wakeup from
 * writing to a wakeup fd that close has released.
 *
 * <p>Thread-safety is the {@link Poller} contract: the public methods are final and safe as it says;
 * each hook below states the lock or thread it is called under.
 *
 * @param <R> the backend's registration type
 */
public abstract class AbstractPoller<R extends AbstractRegistration> implements Poller {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    /** Returned by {@link #implWait} when the wait was interrupted by a signal (EINTR). */
    protected static final int INTERRUPTED = -1;

    private final Capabilities capabilities;
    private final String selectionReason;
    private final EventsAccess.Writer writer = EventsAccess.writer();

    /** Guards registrations and kernel interest changes. */
    protected final Object lock = new Object();
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object wakeupLock = new Object();
    /** A wakeup signal is written and not yet drained (coalesces the writes). */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** The user asked for a wakeup; internal wakeups (to apply a change) do not make poll return. */
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private boolean released; // guarded by wakeupLock

    private final RegistrationTable<R> table = new RegistrationTable<>();
    private final Map<Object, R> byKey = new HashMap<>();

    // Poll-thread state.
    private ReadyEvents current;
    private long stamp;
    private boolean woke;

    // Statistics: polls/events written by the polling thread, changes under lock, wakeups under wakeupLock.
    private long polls;
    private long events;
    private long changes;
    private long wakeups;

    /**
     * Creates the state every backend shares; the backend opens its kernel objects itself.
     *
     * @param capabilities what this poller can do
     * @param selectionReason why it was chosen
     */
    protected AbstractPoller(Capabilities capabilities, String selectionReason) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.selectionReason = Objects.requireNonNull(selectionReason, "selectionReason");
    }

    // ---------------------------------------------------------------- backend hooks

    /**
     * Creates the backend's registration object (not yet in the kernel).
     *
     * @param fd the fd, or -1 for a channel on a backend without fds
     * @param channel the channel or null
     * @param interest initial interest
     * @param mode mode
     * @param attachment attachment
     * @param exclusive exclusive wakeups asked for
     * @return the new registration
     */
    protected abstract R newRegistration(int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive);

    /**
     * The fd of a channel, for backends that register fds.
     *
     * @param channel an open channel
     * @return its fd, or -1 if this backend registers channels themselves
     * @throws IOException if the fd cannot be had
     */
    protected abstract int channelFd(SelectableChannel channel) throws IOException;

    /**
     * An identity of the open file behind {@code fd} (e.g. device and inode), used to tell a
     * genuine double registration from a registration whose fd was closed and the number reused.
     * Also the synchronous check that the fd is open: throws EBADF for a closed fd.
     *
     * @param fd the fd
     * @return an identity with {@code equals}, or null if the backend does not need one
     * @throws IOException e.g. a {@link io.github.fdmux.NativeCallException} with EBADF
     */
    protected Object fileIdentity(int fd) throws IOException {
        return null;
    }

    /**
     * Whether the kernel itself refuses a second registration of the same open file (epoll:
     * EEXIST), so that a registered fd number met again can be told apart from a closed-and-reused
     * one without {@link #fileIdentity(int)}: the backend then skips that fstat on every register.
     *
     * @return true if {@link #implRegister} fails in a way {@link #isDuplicateRefusal} recognises
     */
    protected boolean kernelRejectsDuplicates() {
        return false;
    }

    /**
     * @param failure what {@link #implRegister} threw
     * @return true if it says the file is already registered (only asked when
     *     {@link #kernelRejectsDuplicates()} is true)
     */
    protected boolean isDuplicateRefusal(Throwable failure) {
        return false;
    }

    /**
     * Adds the registration to the kernel (or queues it for the polling thread). Called under
     * {@link #lock}. Must fail synchronously for a fd the kernel refuses.
     *
     * @param r the registration
     * @throws IOException if the kernel refuses
     */
    protected abstract void implRegister(R r) throws IOException;

    /**
     * Changes the kernel interest; for oneshot modes this also re-arms. Called under {@link #lock}.
     *
     * @param r the registration
     * @param interest the new interest
     * @throws IOException if the kernel refuses
     */
    protected abstract void implModify(R r, Interest interest) throws IOException;

    /**
     * Re-arms a oneshot registration with its current interest. Called under {@link #lock}.
     *
     * @param r the registration
     * @throws IOException if the kernel refuses
     */
    protected abstract void implRearm(R r) throws IOException;

    /**
     * Removes the registration from the kernel. Called under {@link #lock}. Must not throw when
     * the fd was already closed (the kernel dropped it then); other failures are logged.
     *
     * @param r the registration
     */
    protected abstract void implCancel(R r);

    /**
     * Waits in the kernel. Called by the polling thread, outside {@link #lock}.
     *
     * @param maxEvents the most raw events to fetch
     * @param timeoutNanos -1 forever, 0 no wait, else nanoseconds
     * @return the number of raw events fetched, or {@link #INTERRUPTED}
     * @throws IOException if the wait fails
     */
    protected abstract int implWait(int maxEvents, long timeoutNanos) throws IOException;

    /**
     * Decodes the raw events of the last wait: for each, {@link #lookup(long)} its registration and
     * {@link #deliver}, or call {@link #wakeupReceived()} for the wakeup fd. Called under {@link #lock}.
     *
     * @param rawCount what {@link #implWait} returned
     * @throws IOException if draining the wakeup fd fails
     */
    protected abstract void implDecode(int rawCount) throws IOException;

    /**
     * Signals the wakeup fd. Never called after {@link #implClose()}.
     *
     * @throws IOException if the write fails
     */
    protected abstract void implWakeup() throws IOException;

    /**
     * Drains the wakeup fd after the kernel reported it.
     *
     * @throws IOException if the read fails
     */
    protected abstract void implDrainWakeup() throws IOException;

    /**
     * Releases every native resource. Called once, with no poll in progress.
     *
     * @throws IOException if a release failed (release the rest anyway)
     */
    protected abstract void implClose() throws IOException;

    /**
     * Whether {@code fd} is one of this poller's own fds (its epoll or kqueue fd, its wakeup fds).
     * Registering one is refused with {@link IllegalArgumentException}: the kernel would refuse
     * some (epoll in itself: EINVAL; the wakeup eventfd, already in the set: EEXIST), poll(2) would
     * accept them and a user who then read the wakeup fd would steal wakeups. Called under
     * {@link #lock} while the poller is open.
     *
     * @param fd an fd, 0 or more
     * @return true if the poller owns it
     */
    protected boolean isOwnFd(int fd) {
        return false;
    }

    /**
     * Runs in the polling thread before each kernel wait; backends that queue changes apply them here.
     *
     * @throws IOException if applying a change fails
     */
    protected void beforeWait() throws IOException {
    }

    // ---------------------------------------------------------------- helpers for backends

    /**
     * {@return the live registration it belongs to, or null if it was cancelled (or never existed)}
     *
     * @param token a token from the kernel
     */
    protected final R lookup(long token) {
        return table.lookup(token);
    }

    /** {@return whether the event buffer of the current poll is full} */
    protected final boolean eventsFull() {
        return current.size() >= current.capacity();
    }

    /**
     * Adds readiness for a registration to the current poll's events, merging with an event already
     * delivered for it in this poll (kqueue reports read and write as two kevents).
     *
     * @param r the registration
     * @param readyOps readiness bits
     * @return true if delivered, false if the buffer was full
     */
    protected final boolean deliver(R r, int readyOps) {
        if (r.batchStamp == stamp) {
            writer.merge(current, r.batchIndex, readyOps);
            return true;
        }
        if (current.size() >= current.capacity()) {
            return false;
        }
        r.batchStamp = stamp;
        r.batchIndex = writer.add(current, r, readyOps);
        return true;
    }

    /**
     * The wakeup fd was reported: drain it and let the next {@link #wakeup()} signal again.
     *
     * @throws IOException if draining fails
     */
    protected final void wakeupReceived() throws IOException {
        implDrainWakeup();
        wakeupPending.set(false);
        if (wakeupRequested.getAndSet(false)) {
            woke = true;
        }
    }

    /** Counts one interest change sent to the kernel. Call under {@link #lock} or in the polling thread. */
    protected final void countChange() {
        changes++;
    }

    /** {@return true if the caller is the thread inside {@link #poll}} */
    protected final boolean inPollingThread() {
        return pollLock.isHeldByCurrentThread();
    }

    /**
     * Wakes a poll blocked in another thread so that a queued change is applied before it returns.
     * Does nothing if no other thread is polling.
     */
    protected final void wakeupForChange() {
        if (pollLock.isLocked() && !pollLock.isHeldByCurrentThread()) {
            signalWakeup();
        }
    }

    /** {@return every live registration, for backends that rebuild kernel state} */
    protected final List<R> registrations() {
        List<R> all = new ArrayList<>(table.size());
        table.forEach(all::add);
        return all;
    }

    // ---------------------------------------------------------------- Poller

    @Override
    public final Backend backend() {
        return capabilities.backend();
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public final String selectionReason() {
        return selectionReason;
    }

    @Override
    public final Registration register(int fd, Interest interest, Mode mode, Object attachment,
            RegisterOption... options) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be 0 or more, was " + fd);
        }
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(mode, "mode");
        boolean exclusive = checkOptions(options, mode);
        checkMode(mode);
        if (!capabilities.rawFds()) {
            throw new UnsupportedOperationException(backend() + " takes JDK channels only, not raw fds (fd " + fd
                    + "); use a native backend (EPOLL, KQUEUE or POLL) for raw file descriptors");
        }
        return doRegister(fd, null, interest, mode, attachment, exclusive);
    }

    @Override
    public final Registration register(SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            RegisterOption... options) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(mode, "mode");
        boolean exclusive = checkOptions(options, mode);
        checkMode(mode);
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        int fd = channelFd(channel);
        return doRegister(fd, channel, interest, mode, attachment, exclusive);
    }

    private boolean checkOptions(RegisterOption[] options, Mode mode) {
        Objects.requireNonNull(options, "options");
        boolean exclusive = false;
        for (RegisterOption o : options) {
            Objects.requireNonNull(o, "option");
            if (o == RegisterOption.EXCLUSIVE) {
                exclusive = true;
            }
        }
        if (exclusive) {
            if (!capabilities.exclusiveWakeups()) {
                throw new UnsupportedOperationException(backend()
                        + " has no exclusive wakeups (RegisterOption.EXCLUSIVE); only EPOLL offers them");
            }
            if (mode.isOneshot()) {
                throw new UnsupportedOperationException(
                        "RegisterOption.EXCLUSIVE cannot be combined with " + mode + " (the kernel refuses it)");
            }
        }
        return exclusive;
    }

    private void checkMode(Mode mode) {
        if (capabilities.support(mode) == Support.UNSUPPORTED) {
            throw new UnsupportedOperationException(backend() + " does not support " + mode + " mode"
                    + (mode.isEdge() ? "; edge-triggered modes need EPOLL (Linux) or KQUEUE (macOS, BSD)" : ""));
        }
    }

    private Registration doRegister(int fd, SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            boolean exclusive) throws IOException {
        Object key = fd >= 0 ? (Object) fd : channel;
        synchronized (lock) {
            ensureOpen("register");
            if (fd >= 0 && isOwnFd(fd)) {
                throw new IllegalArgumentException("fd " + fd + " is this " + backend() + " poller's own fd (its "
                        + "kernel queue or wakeup fd); fdmux uses it internally and cannot register it");
            }
            Object identity = fd >= 0 && !kernelRejectsDuplicates() ? fileIdentity(fd) : null;
            R existing = byKey.get(key);
            R suspect = null;
            if (existing != null) {
                if (isStale(existing, identity)) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: fd {1} was closed and reused; dropping its old registration",
                            backend(), fd);
                    dropStale(existing, true);
                } else if (fd >= 0 && kernelRejectsDuplicates()) {
                    // The kernel knows whether this number still names the registered file: let it say.
                    suspect = existing;
                } else {
                    throw alreadyRegistered(fd, channel);
                }
            }
            R r = newRegistration(fd, channel, interest, mode, attachment, exclusive);
            r.identity = identity;
            table.add(r);
            try {
                implRegister(r);
            } catch (IOException | RuntimeException | Error e) {
                table.remove(r);
                r.invalidate();
                if (suspect != null && isDuplicateRefusal(e)) {
                    throw alreadyRegistered(fd, channel);
                }
                throw e;
            }
            if (suspect != null) {
                // The kernel took the fd: the old registration's file was closed and the number reused,
                // and the kernel forgot it then (cancelling it now would remove the new one).
                LOG.log(System.Logger.Level.DEBUG, "{0}: fd {1} was closed and reused; dropping its old registration",
                        backend(), fd);
                dropStale(suspect, false);
            }
            byKey.put(key, r);
            return r;
        }
    }

    private static boolean isStale(AbstractRegistration existing, Object identity) {
        SelectableChannel ch = existing.channel();
        if (ch != null && !ch.isOpen()) {
            return true;
        }
        return existing.identity != null && identity != null && !existing.identity.equals(identity);
    }

    private IllegalStateException alreadyRegistered(int fd, SelectableChannel channel) {
        return new IllegalStateException((channel != null ? channel + " (fd " + fd + ")" : "fd " + fd)
                + " is already registered with this " + backend() + " poller");
    }

    private void dropStale(R existing, boolean cancelInKernel) {
        existing.invalidate();
        if (cancelInKernel) {
            implCancel(existing);
        }
        table.remove(existing);
        byKey.remove(existing.fd() >= 0 ? (Object) existing.fd() : existing.channel(), existing);
    }

    final void modify(AbstractRegistration registration, Interest interest) throws IOException {
        Objects.requireNonNull(interest, "interest");
        R r = own(registration);
        synchronized (lock) {
            ensureOpen("modify");
            ensureValid(r, "modify");
            if (r.isExclusive()) {
                throw new IllegalStateException("a registration made with RegisterOption.EXCLUSIVE cannot be modified"
                        + " (the kernel refuses EPOLL_CTL_MOD on it); cancel and register again");
            }
            ensureChannelOpen(r);
            implModify(r, interest);
            r.setInterest(interest);
        }
    }

    final void rearm(AbstractRegistration registration) throws IOException {
        R r = own(registration);
        synchronized (lock) {
            ensureOpen("rearm");
            ensureValid(r, "rearm");
            if (!r.mode().isOneshot()) {
                throw new IllegalStateException("rearm() needs a ONESHOT or EDGE_ONESHOT registration; this one is "
                        + r.mode());
            }
            ensureChannelOpen(r);
            implRearm(r);
        }
    }

    final boolean cancel(AbstractRegistration registration) {
        R r = own(registration);
        synchronized (lock) {
            if (!r.isValid()) {
                return false;
            }
            r.invalidate();
            implCancel(r);
            table.remove(r);
            byKey.remove(r.fd() >= 0 ? (Object) r.fd() : r.channel(), r);
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private R own(AbstractRegistration registration) {
        if (registration.poller() != this) {
            throw new IllegalArgumentException("registration belongs to another poller");
        }
        return (R) registration;
    }

    private void ensureValid(R r, String what) {
        if (!r.isValid()) {
            throw new CancelledRegistrationException(what + "() on a cancelled registration (fd " + r.fd() + ")");
        }
    }

    /**
     * A closed channel's registration can never report again; the kernels would answer a change with
     * EBADF (epoll, kqueue), nothing (poll(2)) or a cancelled key (NIO): every backend says the same.
     */
    private static void ensureChannelOpen(AbstractRegistration r) throws ClosedChannelException {
        SelectableChannel ch = r.channel();
        if (ch != null && !ch.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new ClosedPollerException(what + "() on a closed " + backend() + " poller");
        }
    }

    @Override
    public final int poll(ReadyEvents events, long timeout, TimeUnit unit) throws IOException {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(unit, "unit");
        if (timeout < -1) {
            throw new IllegalArgumentException("timeout must be -1 (forever), 0 (no wait) or positive, was " + timeout);
        }
        if (!pollLock.tryLock()) {
            ensureOpen("poll");
            throw new IllegalStateException("another thread is already polling this " + backend() + " poller");
        }
        try {
            if (pollLock.getHoldCount() > 1) {
                throw new IllegalStateException("poll() called from inside poll()");
            }
            ensureOpen("poll");
            return doPoll(events, timeout < 0 ? -1 : unit.toNanos(timeout));
        } finally {
            current = null;
            pollLock.unlock();
        }
    }

    private int doPoll(ReadyEvents events, long timeoutNanos) throws IOException {
        writer.clear(events);
        current = events;
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long remaining = timeoutNanos;
        while (true) {
            stamp++;
            woke = false;
            beforeWait();
            int raw = implWait(events.capacity(), remaining);
            polls++;
            if (closed) {
                writer.clear(events);
                return 0;
            }
            if (raw > 0) {
                synchronized (lock) {
                    implDecode(raw);
                }
                // close() sets closed before it writes its wakeup. If that write landed after the
                // check above, the drain in implDecode may just have consumed it together with an
                // internal wakeup (POLL's queued change): waiting again would never return and close()
                // would wait for this poll for ever. A drain that ate close()'s wakeup happened after
                // closed was set, so this check sees it.
                if (closed) {
                    writer.clear(events);
                    return 0;
                }
            }
            int n = events.size();
            if (n > 0 || woke || timeoutNanos == 0) {
                this.events += n;
                return n;
            }
            if (timeoutNanos > 0) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
        }
    }

    @Override
    public final void wakeup() {
        ensureOpen("wakeup");
        wakeupRequested.set(true);
        signalWakeup();
    }

    private void signalWakeup() {
        if (!wakeupPending.compareAndSet(false, true)) {
            return;
        }
        synchronized (wakeupLock) {
            if (released) {
                return;
            }
            try {
                implWakeup();
                wakeups++;
            } catch (IOException e) {
                wakeupPending.set(false);
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public final PollerStats stats() {
        long c;
        synchronized (lock) {
            c = changes;
        }
        long w;
        synchronized (wakeupLock) {
            w = wakeups;
        }
        return new PollerStats(polls, events, c, w);
    }

    @Override
    public final boolean isOpen() {
        return !closed;
    }

    @Override
    public final void close() throws IOException {
        if (!closing.compareAndSet(false, true)) {
            // Another thread closes (or closed) it; wait until it is done so "after close" holds.
            pollLock.lock();
            pollLock.unlock();
            synchronized (wakeupLock) {
                return;
            }
        }
        closed = true;
        signalWakeupForClose();
        pollLock.lock();
        try {
            synchronized (lock) {
                table.forEach(AbstractRegistration::invalidate);
                table.clear();
                byKey.clear();
            }
            synchronized (wakeupLock) {
                released = true;
                implClose();
            }
        } finally {
            pollLock.unlock();
        }
    }

    private void signalWakeupForClose() {
        // Always write, even if a wakeup is pending: a pending one may already have been drained.
        synchronized (wakeupLock) {
            if (released) {
                return;
            }
            try {
                implWakeup();
                wakeups++;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "wakeup during close failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return backend() + " poller" + (closed ? " (closed)" : "");
    }
}
