package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.PollerStats;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import io.github.fdmux.UserEvent;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The part of a poller every backend shares, so that all backends agree on what the conformance
 * suite checks: argument validation, the closed state, double registration ({@link Registrations},
 * decided by the backend's {@link DuplicateCheck}), cancelled registrations never reporting, wakeup
 * coalescing ({@link WakeupLatch}), timeouts and EINTR, one event per registration per poll, and the
 * statistics. A backend implements the {@code impl*} hooks; native backends extend
 * {@code io.github.fdmux.unix.NativePoller}, which implements the wakeup, own-fd and close hooks.
 *
 * <p>Locks: {@link #lock} guards the registrations and every kernel interest change (so a change
 * and the decoding of a poll's results never interleave); the poll lock is held by the polling
 * thread for the whole of {@link #poll}, and {@link #close()} takes it to wait until no poll is
 * inside the kernel before releasing native memory; the wakeup latch's monitor keeps a wakeup from
 * writing to a wakeup fd that close has released. Each hook states the lock or thread it runs under.
 * @param <R> the backend's registration type
 */
public abstract class AbstractPoller<R extends AbstractRegistration> implements Poller {
    /** Returned by {@link #implWait} when the wait was interrupted by a signal (EINTR). */
    protected static final int INTERRUPTED = -1;
    private final Capabilities capabilities;
    private final String selectionReason;
    /** Guards registrations and kernel interest changes. */
    protected final Object lock = new Object();
    private final Lifecycle lifecycle;
    private final Registrations<R> registrations;
    private final WakeupLatch latch = new WakeupLatch(this::implWakeup);
    private final PollCounters counters = new PollCounters();

    private final EventBatch batch = new EventBatch(); // poll-thread state
    private final Sources sources = new Sources(this, batch);
    private final PollLoop loop;
    private final SourceSupport<R> sourceSupport;

    /**
     * @param capabilities what this poller can do
     * @param selectionReason why it was chosen
     * @param duplicates how this backend tells a double registration from a closed-and-reused fd number
     */
    protected AbstractPoller(Capabilities capabilities, String selectionReason, DuplicateCheck duplicates) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.selectionReason = Objects.requireNonNull(selectionReason, "selectionReason");
        this.lifecycle = new Lifecycle(capabilities.backend());
        this.registrations = new Registrations<>(this, lifecycle, Objects.requireNonNull(duplicates, "duplicates"));
        this.loop = new PollLoop(this, lifecycle, batch, sources, counters);
        this.sourceSupport = new SourceSupport<>(this, registrations, sources);
    }

    /**
     * Under {@link #lock}: creates the backend's registration object (not yet in the kernel).
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
     * @param channel an open channel
     * @return its fd, or -1 if this backend registers channels themselves
     * @throws IOException if the fd cannot be had
     */
    protected abstract int channelFd(SelectableChannel channel) throws IOException;

    /**
     * Under {@link #lock}: adds {@code r} to the kernel (or queues it for the polling thread); must
     * fail at once for an fd the kernel refuses.
     * @param r the registration
     * @throws IOException if the kernel refuses
     */
    protected abstract void implRegister(R r) throws IOException;

    /**
     * Under {@link #lock}: changes the kernel interest; for oneshot modes this also re-arms.
     * @param r the registration
     * @param interest the new interest
     * @throws IOException if the kernel refuses
     */
    protected abstract void implModify(R r, Interest interest) throws IOException;

    /**
     * Under {@link #lock}: re-arms a oneshot registration with its current interest.
     * @param r the registration
     * @throws IOException if the kernel refuses
     */
    protected abstract void implRearm(R r) throws IOException;

    /**
     * Under {@link #lock}: removes {@code r} from the kernel. Must not throw when the fd was already
     * closed (the kernel dropped it then); other failures are logged.
     * @param r the registration
     */
    protected abstract void implCancel(R r);

    /**
     * In the polling thread, outside {@link #lock}: waits in the kernel.
     * @param maxEvents the most raw events to fetch
     * @param timeoutNanos -1 forever, 0 no wait, else nanoseconds
     * @return the number of raw events fetched, or {@link #INTERRUPTED}
     * @throws IOException if the wait fails
     */
    protected abstract int implWait(int maxEvents, long timeoutNanos) throws IOException;

    /**
     * Under {@link #lock}, in the polling thread: for each raw event of the last wait, {@link #lookup}
     * its registration and {@link #deliver}, or call {@link #wakeupReceived()} for the wakeup.
     * @param rawCount what {@link #implWait} returned
     * @throws IOException if draining the wakeup fails
     */
    protected abstract void implDecode(int rawCount) throws IOException;

    /**
     * Signals the wakeup; any thread, never after {@link #implClose()}.
     * @throws IOException if the write fails
     */
    protected abstract void implWakeup() throws IOException;

    /**
     * Drains the wakeup after the kernel reported it.
     * @throws IOException if the read fails
     */
    protected abstract void implDrainWakeup() throws IOException;

    /**
     * Releases every native resource; called once, with no poll in progress.
     * @throws IOException if a release failed (release the rest anyway)
     */
    protected abstract void implClose() throws IOException;

    /**
     * Under {@link #lock}: a native implementation of a timer, signal, process or user event, or null
     * to let fdmux emulate it (the default). Answer as {@link Capabilities#support(io.github.fdmux.EventSource)} says.
     * @param source the source, with its parameters
     * @return the binding, or null
     * @throws IOException if the kernel refuses
     */
    protected SourceBinding implRegisterSource(SourceRegistration source) throws IOException {
        return null;
    }

    /** {@return what a backend uses to implement sources natively} */
    protected final SourceSupport<R> sourceSupport() {
        return sourceSupport;
    }

    /**
     * Under {@link #lock}, while open: whether {@code fd} is one of this poller's own fds (its epoll or
     * kqueue fd, its wakeup fds), which {@code register} refuses: the kernel would refuse some, poll(2)
     * would accept them, and a user who then read the wakeup fd would steal wakeups.
     * @param fd an fd, 0 or more
     * @return true if the poller owns it
     */
    protected boolean isOwnFd(int fd) {
        return false; // a backend without fds of its own
    }

    /**
     * In the polling thread, before each kernel wait: backends that queue changes apply them here.
     * @throws IOException if applying a change fails
     */
    protected void beforeWait() throws IOException {
    }

    /**
     * {@return the live registration of a kernel token, or null if it was cancelled} Under {@link #lock}.
     * @param token a token from the kernel
     */
    protected final R lookup(long token) {
        return registrations.lookup(token);
    }

    /**
     * Adds readiness for a registration to the current poll's events, merging with an event already
     * delivered for it in this poll (kqueue reports read and write as two kevents).
     * @param r the registration
     * @param readyOps readiness bits
     * @return true if delivered, false if the buffer was full
     * @throws IOException if reading a native source's fd fails
     */
    protected final boolean deliver(R r, int readyOps) throws IOException {
        SourceBinding b = r.sourceBinding;
        return b != null ? sources.fdReady(b) : batch.deliver(r, readyOps);
    }

    /**
     * The wakeup was reported: drains it and lets the next {@link #wakeup()} signal again.
     * @throws IOException if draining fails
     */
    protected final void wakeupReceived() throws IOException {
        implDrainWakeup();
        if (latch.received()) {
            batch.woken();
        }
    }

    /** Counts one interest change sent to the kernel. Call under {@link #lock}. */
    protected final void countChange() {
        assert Thread.holdsLock(lock);
        counters.changed();
    }

    /** {@return true if the caller is the thread inside {@link #poll}} */
    protected final boolean inPollingThread() {
        return lifecycle.inPollingThread();
    }

    /** Wakes a poll blocked in another thread (if any) so that a queued change is applied before it returns. */
    protected final void wakeupForChange() {
        if (lifecycle.otherThreadPolls()) {
            latch.signal();
        }
    }

    /**
     * A test hook: a test acting from another thread "while the poll blocks" waits for this instead of
     * sleeping, so it cannot pass without exercising the cross-thread path.
     * @return true from just before {@link #implWait} is called (after {@link #beforeWait()}) until it returns
     */
    public final boolean isWaitingInKernel() {
        return counters.isWaiting();
    }

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
        boolean exclusive = RegisterArguments.checkFd(capabilities, fd, interest, mode, options);
        return registrations.register(fd, null, interest, mode, attachment, exclusive);
    }

    @Override
    public final Registration register(SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            RegisterOption... options) throws IOException {
        boolean exclusive = RegisterArguments.checkChannel(capabilities, channel, interest, mode, options);
        return registrations.register(channelFd(channel), channel, interest, mode, attachment, exclusive);
    }

    @Override
    public final Registration registerTimer(Duration initialDelay, Duration period, Object attachment)
            throws IOException {
        return sources.timer(initialDelay, period, attachment);
    }

    @Override
    public final Registration registerSignal(String name, Object attachment) throws IOException {
        return sources.signal(name, attachment);
    }

    @Override
    public final Registration registerProcess(ProcessHandle process, Object attachment) throws IOException {
        return sources.process(process, attachment);
    }

    @Override
    public final UserEvent registerUserEvent(Object attachment) throws IOException {
        return sources.user(attachment);
    }

    final void modify(AbstractRegistration registration, Interest interest) throws IOException {
        registrations.modify(registrations.own(registration, "modify"), interest);
    }

    final void rearm(AbstractRegistration registration) throws IOException {
        registrations.rearm(registrations.own(registration, "rearm"));
    }

    final boolean cancel(AbstractRegistration registration) {
        if (registration instanceof SourceRegistration && registration.poller() == this) {
            return sources.cancel((SourceRegistration) registration);
        }
        return registrations.cancel(registrations.own(registration, "cancel"));
    }

    void ensureOpen(String what) {
        lifecycle.ensureOpen(what);
    }

    @Override
    public final int poll(ReadyEvents events, long timeout, TimeUnit unit) throws IOException {
        return loop.poll(events, timeout, unit);
    }

    @Override
    public final void wakeup() {
        lifecycle.ensureOpen("wakeup");
        latch.request();
    }

    @Override
    public final PollerStats stats() {
        return counters.snapshot(latch.signals());
    }

    @Override
    public final boolean isOpen() {
        return !lifecycle.isClosed();
    }

    @Override
    public final void close() throws IOException {
        lifecycle.close(latch::signalForClose, () -> {
            sources.clear();
            registrations.clear();
            latch.release(this::implClose);
        }, latch::awaitRelease);
    }

    @Override // for logs and test names
    public String toString() {
        return backend() + " poller" + (lifecycle.isClosed() ? " (closed)" : "");
    }
}
