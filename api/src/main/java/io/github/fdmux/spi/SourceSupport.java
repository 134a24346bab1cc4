package io.github.fdmux.spi;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import java.io.IOException;

/**
 * What a backend uses to implement timers, signals, processes and user events natively (see
 * {@link AbstractPoller#implRegisterSource}): register a source's own fd with the kernel object, or
 * report the occurrences a kernel filter counted. Every method runs under the poller's lock.
 *
 * @param <R> the backend's registration type
 */
public final class SourceSupport<R extends AbstractRegistration> {
    private final AbstractPoller<R> poller;
    private final Registrations<R> registrations;
    private final Sources sources;

    SourceSupport(AbstractPoller<R> poller, Registrations<R> registrations, Sources sources) {
        this.poller = poller;
        this.registrations = registrations;
        this.sources = sources;
    }

    /**
     * Registers a native source's own fd (a timerfd, pidfd, eventfd) for reading, level-triggered,
     * with the poller's kernel object; its readiness calls {@link SourceBinding#take()}.
     *
     * @param fd the source's fd
     * @param binding the source's binding
     * @return the fd's registration, for {@link #removeFd}
     * @throws IOException if the kernel refuses
     */
    public R addFd(int fd, SourceBinding binding) throws IOException {
        assert Thread.holdsLock(poller.lock);
        R r = poller.newRegistration(fd, null, Interest.READ, Mode.LEVEL, null, false);
        r.sourceBinding = binding;
        registrations.addInternal(r);
        return r;
    }

    /**
     * Removes a source fd's registration (from {@link SourceBinding#release()}).
     *
     * @param r what {@link #addFd} returned
     */
    public void removeFd(R r) {
        registrations.cancel(r);
    }

    /**
     * In the backend's decode: a kernel filter reported a source's occurrences (a kevent's data).
     *
     * @param source the source
     * @param count occurrences, 1 or more
     * @return true if delivered or dropped (cancelled), false if the events buffer was full
     */
    public boolean deliver(SourceRegistration source, long count) {
        assert Thread.holdsLock(poller.lock);
        return sources.deliverNative(source, count);
    }

    /**
     * In the backend's decode: the binding of the source whose {@link SourceRegistration#token() token}
     * a kernel object carried back (a kevent's udata). Every source has a token from the poller's
     * source table while it is registered; it finds nothing once the source is cancelled or its
     * binding released, nor after the slot was reused (the generation differs), so an event the
     * kernel had queued before the release is dropped.
     *
     * @param token a token from the kernel
     * @return the live native source's binding, or null (released, emulated, or never a source's)
     */
    public SourceBinding lookup(long token) {
        assert Thread.holdsLock(poller.lock);
        SourceRegistration s = sources.lookup(token);
        return s == null ? null : s.binding;
    }

    /**
     * A one-time native source (a process) has reported; its binding is released after decoding.
     *
     * @param source the source
     */
    public void finish(SourceRegistration source) {
        sources.finish(source);
    }
}
