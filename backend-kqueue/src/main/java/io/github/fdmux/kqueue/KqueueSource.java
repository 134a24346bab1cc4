package io.github.fdmux.kqueue;

import io.github.fdmux.EventSource;
import io.github.fdmux.spi.SourceBinding;
import io.github.fdmux.spi.SourceRegistration;
import java.io.IOException;

/**
 * A timer, signal, process or user event as one knote of the poller's kqueue: EVFILT_TIMER,
 * EVFILT_SIGNAL, EVFILT_PROC (NOTE_EXIT) or EVFILT_USER, carrying its owner's token as {@code udata}.
 * Made by {@link KqueueSources}, looked up by its owner's token; every method runs under the poller's lock.
 *
 * <p>How an event's count is had:
 * <ul>
 *   <li>a timer: the kevent's {@code data}, the expirations since it was last retrieved (every
 *       EVFILT_TIMER is EV_CLEAR);</li>
 *   <li>a signal: {@code data}, the deliveries since it was last retrieved;</li>
 *   <li>a process: 1, when {@code fflags} holds NOTE_EXIT ({@code data} is the exit status);</li>
 *   <li>a user event: kqueue does not count NOTE_TRIGGERs (an EV_CLEAR user knote is just
 *       triggered or not), so {@link #trigger()} counts in {@link #triggers}, and the delivery takes
 *       the count. Both run under the poller's lock: a trigger after the kernel handed the knote
 *       over (which cleared it) but before decoding is counted in this delivery and leaves the knote
 *       triggered again, so the next poll sees it with nothing counted and reports nothing.</li>
 * </ul>
 */
final class KqueueSource extends SourceBinding {
    private final KqueueSources table;
    /** The knote's ident (a timer's or user event's own number, the signal, the pid) and filter. */
    final long ident;
    final int filter;
    /** The knote's EV_DELETE was queued; its udata is its owner's token. */
    boolean released;
    /** User events: triggers not yet reported. */
    long triggers;

    KqueueSource(KqueueSources table, SourceRegistration owner, long ident, int filter) {
        super(owner);
        this.table = table;
        this.ident = ident;
        this.filter = filter;
    }

    /**
     * @param data the kevent's data
     * @param fflags its fflags
     * @return the occurrences the kevent stands for; 0 for none (a spurious one)
     */
    long count(long data, int fflags) {
        switch (owner().source()) {
            case TIMER:
            case SIGNAL:
                return Math.max(0, data);
            case PROCESS:
                return (fflags & KeventLayout.NOTE_EXIT) != 0 ? 1 : 0;
            default:
                return triggers;
        }
    }

    /** The event was handed to the caller: a user event's count starts again. */
    void delivered() {
        triggers = 0;
    }

    /** @return true if the source reports once and is then done (a process, a timer with period 0) */
    boolean oneTime() {
        EventSource s = owner().source();
        return s == EventSource.PROCESS || (s == EventSource.TIMER && owner().periodNanos() == 0);
    }

    @Override
    protected void trigger() throws IOException {
        triggers++;
        try {
            table.trigger(this);
        } catch (IOException | RuntimeException e) {
            triggers--;
            throw e;
        }
    }

    @Override
    protected void release() {
        table.release(this);
    }

    @Override
    public String toString() {
        return table.filterName(filter) + " knote " + ident + " of " + owner();
    }
}
