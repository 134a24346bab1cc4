package io.github.fdmux;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * One file descriptor registered with one {@link Poller}: its interest, mode and attachment; or one
 * timer, signal, process or user event ({@link #source()}), which has no fd, interest or mode of its
 * own (fd -1, interest {@link Interest#READ}, mode {@link Mode#EDGE}: it reports once per batch of
 * occurrences).
 *
 * <p>Thread-safety: every method may be called from any thread. A change made while another
 * thread is blocked in {@link Poller#poll} is in force no later than that poll's return.
 *
 * <p>Lifecycle: a registration is valid from {@link Poller#register} until {@link #cancel()} or
 * {@link Poller#close()}. Once it is invalid, no event is ever reported for it, even if the kernel
 * had already queued one. Close the fd <em>after</em> cancelling: epoll watches open file
 * descriptions, so a closed fd whose description lives on in a {@code dup} keeps reporting to the
 * kernel, and only fdmux's filtering keeps those events from you.
 */
public interface Registration {

    /**
     * Never throws, also once invalid.
     *
     * @return the poller this registration belongs to
     */
    Poller poller();

    /**
     * Never throws, also once invalid.
     *
     * @return the registered file descriptor (for a channel, the channel's fd; -1 on the NIO backend,
     *     and for a source other than {@link EventSource#FD})
     */
    int fd();

    /**
     * Never throws, also once invalid.
     *
     * @return what this registration watches: {@link EventSource#FD} for fds and channels
     */
    default EventSource source() {
        return EventSource.FD;
    }

    /**
     * Never throws, also once invalid.
     *
     * @return the registered channel, or null if a raw fd was registered
     */
    SelectableChannel channel();

    /**
     * Never throws, also once invalid.
     *
     * @return the current interest (the last one given to {@link #modify(Interest)})
     */
    Interest interest();

    /**
     * Never throws, also once invalid.
     *
     * @return the mode, fixed at registration
     */
    Mode mode();

    /**
     * Never throws, also once invalid. A volatile read: an attachment set by another thread is seen.
     *
     * @return the attachment given at registration or by {@link #attach(Object)}; may be null
     */
    Object attachment();

    /**
     * Replaces the attachment; events delivered afterwards carry the new one. Never throws, also
     * once invalid.
     *
     * @param attachment the new attachment, may be null
     * @return the previous attachment
     */
    Object attach(Object attachment);

    /**
     * Never throws.
     *
     * @return true until {@link #cancel()} or the poller's close
     */
    boolean isValid();

    /**
     * Changes the interest. On a {@link Mode#isOneshot() oneshot} registration this also re-arms it
     * (what EPOLL_CTL_MOD and EV_ADD do in the kernel). Every backend re-checks readiness, even with
     * an unchanged interest, so a modify reports an fd that is already ready, also on an
     * edge-triggered registration whose data was reported and not read (EPOLL_CTL_MOD polls the
     * file; the kernels' kqueues re-evaluate a changed knote; under libkqueue, which does not,
     * fdmux deletes and re-adds the filter; POLL and NIO look at every entry on every poll). The
     * conformance behaviour {@code modifyWithSameInterestRechecksReadiness} checks it.
     *
     * @param interest the new interest
     * @throws ClosedPollerException if the poller is closed
     * @throws CancelledRegistrationException if the registration was cancelled
     * @throws IllegalStateException if the registration was made with {@link RegisterOption#EXCLUSIVE}
     *     (the kernel forbids modifying those)
     * @throws NullPointerException if {@code interest} is null
     * @throws UnsupportedOperationException if this registration is not of an fd ({@link #source()})
     * @throws java.nio.channels.ClosedChannelException if the registered channel was closed (every backend)
     * @throws NativeCallException if the kernel refuses the change (e.g. EBADF: a raw fd was closed)
     * @throws IOException on other I/O errors
     */
    void modify(Interest interest) throws IOException;

    /**
     * Re-arms a {@link Mode#ONESHOT} or {@link Mode#EDGE_ONESHOT} registration after it reported,
     * keeping its interest. If the fd is still ready, the next poll reports it at once.
     *
     * @throws ClosedPollerException if the poller is closed
     * @throws CancelledRegistrationException if the registration was cancelled
     * @throws IllegalStateException if the mode is not oneshot
     * @throws UnsupportedOperationException if this registration is not of an fd ({@link #source()})
     * @throws java.nio.channels.ClosedChannelException if the registered channel was closed (every backend)
     * @throws NativeCallException if the kernel refuses the change (e.g. EBADF: a raw fd was closed)
     * @throws IOException on other I/O errors
     */
    void rearm() throws IOException;

    /**
     * Removes the registration from its poller. Idempotent: cancelling an already cancelled
     * registration (or one invalidated by the poller's close) does nothing and returns false, on
     * every backend. Never throws, not even for an fd that was already closed (the kernel dropped
     * it then) or after the poller's close. Any thread: once it returns, no poll reports this
     * registration, even if the kernel had already queued an event for it.
     *
     * @return true if this call cancelled the registration, false if it was already invalid
     */
    boolean cancel();
}
