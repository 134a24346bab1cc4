package io.github.fdmux;

/**
 * A {@link Registration} that the program triggers itself ({@link EventSource#USER}): a way to hand
 * a polling thread work, or to wake it with a meaning attached, where {@link Poller#wakeup()} only
 * makes it return.
 *
 * <p>Thread-safe: {@link #trigger()} may be called from any thread, any number of times. Triggers
 * coalesce until delivered: the next poll reports the event once, with
 * {@link ReadyEvents#count(int)} the number of triggers since it was last reported.
 */
public interface UserEvent extends Registration {

    /**
     * Makes the next poll (or the one blocked now, in another thread) report this event. A trigger
     * after {@link #cancel()} or after the poller's close does nothing: the triggering thread cannot
     * know whether another one has just cancelled, and no event of a cancelled source is reported.
     *
     * @throws java.io.UncheckedIOException if the kernel refuses the trigger (a native user event:
     *     eventfd write, EVFILT_USER)
     */
    void trigger();
}
