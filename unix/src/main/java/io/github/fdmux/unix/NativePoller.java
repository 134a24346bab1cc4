package io.github.fdmux.unix;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Support;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.spi.SourceBinding;
import io.github.fdmux.spi.SourceRegistration;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.EnumSet;
import java.util.Set;

/**
 * The base of every native backend: what {@link AbstractPoller} leaves to a backend that is the
 * same for all of them, once. It owns the poller's {@link NativeResources} (kernel fd, wakeup,
 * native memory), so channel fds, own-fd checks, the wakeup hooks and close-with-suppressed-failures
 * are done here; a backend writes its system calls, its layout and its readiness decoding.
 *
 * <h2>How a new backend plugs in</h2>
 * <ol>
 *   <li>A {@code XxxNative} probe (binding, what the kernel offers, an
 *       {@link io.github.fdmux.spi.Availability}) and a {@code XxxBackendProvider}, as the others.</li>
 *   <li>{@code static XxxPoller open(...)}: create the kernel object, then
 *       {@code return NativeResources.open(fd, Native::close, res -> { res.openWakeup(); ... return new XxxPoller(caps, reason, res); })}
 *       (fd -1 for a backend with no kernel fd, as poll(2)): whatever throws inside releases all that
 *       was acquired.</li>
 *   <li>The constructor calls {@code super(caps, reason, duplicateCheck, res, XRegistration::new)} and allocates native
 *       memory through {@code res}: {@link NativeResources#eventArray} for the wait's results (grown to
 *       the caller's event buffer on demand), {@link NativeResources#timespec()} for timed waits
 *       (layout per platform; {@link io.github.fdmux.spi.Timeouts#millisRoundedUp} where the call
 *       takes milliseconds), {@link NativeResources#allocate} for the rest. All of it is freed by close.</li>
 *   <li>Implement {@code implRegister}, {@code implModify}, {@code implRearm},
 *       {@code implCancel} (under the lock; count each kernel change with {@code countChange()}),
 *       {@code implWait} (return {@code INTERRUPTED} on EINTR) and {@code implDecode} (look tokens up
 *       with {@code lookup}, {@code deliver} readiness, call {@code wakeupReceived()} for the wakeup's
 *       event). Register the wakeup's {@link Wakeup#readFd()} for reading in the kernel object, or
 *       override {@link #implWakeup()} and {@link #implDrainWakeup()} for a kernel-native wakeup.</li>
 *   <li>Every native call checks its result and throws {@link Native#exception} naming the call, the
 *       fd and the errno.</li>
 * </ol>
 * Then add the backend to the conformance test classes: the catalogue decides whether it conforms.
 *
 * @param <R> the backend's registration type
 */
public abstract class NativePoller<R extends AbstractRegistration> extends AbstractPoller<R> {
    /**
     * The backends whose kernel object watches any fd, and so Linux's timerfds, pidfds and eventfds
     * ({@link LinuxSources}); KQUEUE has kernel filters of its own for these.
     */
    private static final Set<Backend> LINUX_SOURCE_FDS = EnumSet.of(Backend.EPOLL, Backend.POLL, Backend.SELECT,
            Backend.IO_URING);

    private final NativeResources resources;
    private final RegistrationFactory<R> registrations;

    /**
     * Makes a backend's registration of an fd: its constructor, e.g. {@code EpollRegistration::new}.
     *
     * @param <R> the backend's registration type
     */
    @FunctionalInterface
    public interface RegistrationFactory<R extends AbstractRegistration> {
        /**
         * {@return a new valid registration, not yet in the kernel}
         *
         * @param poller the owning poller
         * @param fd the fd
         * @param channel the channel, or null for a raw fd
         * @param interest the initial interest
         * @param mode the mode
         * @param attachment the attachment
         * @param exclusive whether {@link io.github.fdmux.RegisterOption#EXCLUSIVE} was asked for (only where
         *     the capabilities offer it)
         */
        R make(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
                Object attachment, boolean exclusive);
    }
    /** Made at the first native source; under the lock. */
    private LinuxSources<R> linuxSources;

    /**
     * @param capabilities what this poller can do
     * @param selectionReason why it was chosen
     * @param duplicates how this backend tells a double registration from a closed-and-reused fd number
     * @param resources what the poller owns, released by close
     * @param registrations makes the backend's registrations
     */
    protected NativePoller(Capabilities capabilities, String selectionReason, DuplicateCheck duplicates,
            NativeResources resources, RegistrationFactory<R> registrations) {
        super(capabilities, selectionReason, duplicates);
        this.resources = resources;
        this.registrations = registrations;
    }

    @Override
    protected final R newRegistration(int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        return registrations.make(this, fd, channel, interest, mode, attachment, exclusive);
    }

    /** @return what the poller owns */
    protected final NativeResources resources() {
        return resources;
    }

    /**
     * The fd of a JDK channel ({@link ChannelFd}).
     *
     * @param channel an open channel
     * @return its fd
     * @throws IOException if the channel has no fd
     */
    @Override
    protected final int channelFd(SelectableChannel channel) throws IOException {
        return ChannelFd.of(channel);
    }

    /**
     * The kernel fd and the wakeup's fds. (libkqueue opens fds of its own behind kqueue(); fdmux does
     * not know them, and they stay libkqueue's business.)
     *
     * @param fd an fd
     * @return whether the poller owns it
     */
    @Override
    protected final boolean isOwnFd(int fd) {
        return resources.isOwnFd(fd);
    }

    /**
     * On Linux, for the fd backends: a timer, process or user event that the capabilities say is
     * NATIVE becomes a timerfd, pidfd or eventfd registered with this poller ({@link LinuxSources});
     * everything else (signals, other systems) is emulated.
     *
     * @param source the source
     * @return its binding, or null to emulate it
     * @throws IOException if the kernel refuses
     */
    @Override
    protected SourceBinding implRegisterSource(SourceRegistration source) throws IOException {
        if (!LINUX_SOURCE_FDS.contains(backend()) || capabilities().support(source.source()) != Support.NATIVE
                || !Native.isLinux()) {
            return null;
        }
        if (linuxSources == null) {
            linuxSources = new LinuxSources<>(this);
        }
        return linuxSources.bind(source);
    }

    /**
     * Signals the wakeup fd.
     *
     * @throws IOException if the write fails
     */
    @Override
    protected void implWakeup() throws IOException {
        resources.wakeup().signal();
    }

    /**
     * Drains the wakeup fd.
     *
     * @throws IOException if the read fails
     */
    @Override
    protected void implDrainWakeup() throws IOException {
        resources.wakeup().drain();
    }

    /**
     * Releases the resources: wakeup, kernel fd, memory, whatever fails on the way.
     *
     * @throws IOException the first failure, the others suppressed
     */
    @Override
    protected final void implClose() throws IOException {
        resources.close();
    }

    /**
     * Under the lock: registers a native source's own fd (timerfd, pidfd, eventfd) for reading with
     * the kernel object; its readiness calls {@link io.github.fdmux.spi.SourceBinding#take()}.
     *
     * @param fd the source's fd
     * @param binding the source's binding
     * @return the fd's registration, for {@link #removeSourceFd}
     * @throws IOException if the kernel refuses
     */
    protected final R addSourceFd(int fd, io.github.fdmux.spi.SourceBinding binding) throws IOException {
        return sourceSupport().addFd(fd, binding);
    }

    /**
     * Under the lock: removes a source fd's registration.
     *
     * @param r what {@link #addSourceFd} returned
     */
    protected final void removeSourceFd(R r) {
        sourceSupport().removeFd(r);
    }

    /**
     * Under the lock, in decode: a kernel filter reported a source's occurrences (a kevent's data).
     *
     * @param source the source
     * @param count occurrences, 1 or more
     * @return true if delivered or dropped, false if the events buffer was full
     */
    protected final boolean deliverSource(io.github.fdmux.spi.SourceRegistration source, long count) {
        return sourceSupport().deliver(source, count);
    }

    /**
     * Under the lock, in decode: the binding of the native source whose token a kernel object
     * carried back ({@link io.github.fdmux.spi.SourceSupport#lookup}).
     *
     * @param token a token from the kernel
     * @return the binding, or null if the source was cancelled or released meanwhile
     */
    protected final SourceBinding sourceOf(long token) {
        return sourceSupport().lookup(token);
    }

    /**
     * Under the lock: a one-time native source (a process) has reported; released after decoding.
     *
     * @param source the source
     */
    protected final void finishSource(io.github.fdmux.spi.SourceRegistration source) {
        sourceSupport().finish(source);
    }

    /** @return the wakeup's fds (none when the kernel object wakes itself), for tests and diagnostics */
    public final int[] wakeupFds() {
        return resources.wakeupFds();
    }
}
