package io.github.fdmux.spi;

import java.io.IOException;

/**
 * A source implemented by the kernel object a poller waits on (a timerfd, pidfd or eventfd in an
 * epoll set; an EVFILT_TIMER, EVFILT_PROC or EVFILT_USER knote), made by the backend's
 * {@link AbstractPoller#implRegisterSource}. The backend reports the source's kernel events with
 * {@link SourceSupport#deliver} (a kernel filter that carries the count, as kevent's
 * {@code data}), or through a registration of the source's fd made with
 * {@link SourceSupport#addFd}, whose readiness calls {@link #take()}.
 *
 * <p>Every method but {@link #trigger()} runs under the poller's lock.
 */
public abstract class SourceBinding {
    private final SourceRegistration owner;

    /** @param owner the source this binding implements */
    protected SourceBinding(SourceRegistration owner) {
        this.owner = owner;
    }

    /** {@return the source this binding implements} */
    public final SourceRegistration owner() {
        return owner;
    }

    /**
     * In the polling thread: the source's fd was reported ready; consume what it holds (read the
     * timerfd's expiration count, the eventfd's counter).
     *
     * @return the occurrences to report, 0 if there were none after all (a spurious wakeup)
     * @throws IOException if reading fails
     */
    protected long take() throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no fd to take from");
    }

    /**
     * Any thread, under the poller's lock while the poller is open: a user event's trigger.
     *
     * @throws IOException if the kernel refuses it
     */
    protected void trigger() throws IOException {
        throw new UnsupportedOperationException(owner.source() + " sources are not triggered");
    }

    /**
     * Removes the source from the kernel and releases what it holds (close its fd, delete its
     * filter). Called once: on cancel, on close, or after a one-time source reported. Never throws:
     * failures are logged.
     */
    protected abstract void release();
}
