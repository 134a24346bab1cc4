package io.github.fdmux.spi;

import io.github.fdmux.EventSource;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A timer, signal, process or user event registered with a poller: what it watches, and either the
 * backend's {@link SourceBinding} (a native source) or the state of fdmux's emulation. The poller's
 * {@code Sources} owns the mutable state; backends read the parameters here to build their binding.
 *
 * <p>Thread-safe as {@link io.github.fdmux.Registration} says.
 */
public final class SourceRegistration extends AbstractRegistration implements UserEvent {
    private final EventSource source;
    private final long initialDelayNanos;
    private final long periodNanos;
    private final SignalName signal;
    private final ProcessHandle process;
    private final Sources sources;

    /** The kernel's implementation, or null where fdmux emulates the source. Set once, under the lock. */
    SourceBinding binding;
    /** The binding was released (once only); under the lock. */
    boolean released;
    /** An emulated timer: the next deadline (System.nanoTime) and the slot in the heap; under the lock. */
    long deadline;
    int heapIndex = -1;
    /** An emulated occurrence source: occurrences not yet reported, and whether queued; under Sources' ready monitor. */
    long pending;
    boolean queued;
    /** A one-time source (a process, a timer with period 0) reported its occurrence. */
    volatile boolean finished;

    SourceRegistration(AbstractPoller<?> poller, Sources sources, EventSource source, long initialDelayNanos,
            long periodNanos, SignalName signal, ProcessHandle process, Object attachment) {
        super(poller, -1, null, Interest.READ, Mode.EDGE, attachment, false);
        this.sources = sources;
        this.source = source;
        this.initialDelayNanos = initialDelayNanos;
        this.periodNanos = periodNanos;
        this.signal = signal;
        this.process = process;
    }

    Sources sources() {
        return sources;
    }

    SignalName signal() {
        return signal;
    }

    @Override
    public EventSource source() {
        return source;
    }

    /** {@return a timer's first expiration, in nanoseconds after registration} */
    public long initialDelayNanos() {
        return initialDelayNanos;
    }

    /** {@return a timer's period in nanoseconds; 0 for a timer that fires once} */
    public long periodNanos() {
        return periodNanos;
    }

    /** {@return a signal source's name without "SIG" (e.g. "HUP"), or null for other sources} */
    public String signalName() {
        return signal == null ? null : signal.name();
    }

    /** {@return a signal source's number on this OS, or -1 for other sources} */
    public int signalNumber() {
        return signal == null ? -1 : signal.number();
    }

    /** {@return a process source's process, or null for other sources} */
    public ProcessHandle process() {
        return process;
    }

    /**
     * {@return the source's slot in the poller's source table (the low half of {@link #token()}):
     * from 0 to {@link Integer#MAX_VALUE}, held by one source of the poller at a time, so that a
     * backend can number a kernel object after it in 31 bits (KQUEUE's timer and user-event idents
     * are a uintptr_t, 32 bits on a 32-bit platform); -1 once cancelled or released}
     */
    public int slot() {
        return slot;
    }

    /** {@return true if the kernel implements this source (a {@link SourceBinding}), false if fdmux emulates it} */
    public boolean isNative() {
        return binding != null;
    }

    /**
     * Triggers a user event; see {@link UserEvent#trigger()}.
     *
     * @throws UnsupportedOperationException if this is not a user event
     */
    @Override
    public void trigger() {
        if (source != EventSource.USER) {
            throw new UnsupportedOperationException("trigger() is for user events; this is a " + source + " registration");
        }
        try {
            sources.occur(this, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        String what;
        switch (source) {
            case TIMER:
                what = "timer after " + initialDelayNanos + " ns" + (periodNanos == 0 ? "" : " every " + periodNanos + " ns");
                break;
            case SIGNAL:
                what = "signal " + signal;
                break;
            case PROCESS:
                what = "process " + process.pid();
                break;
            default:
                what = "user event";
                break;
        }
        return poller().backend() + " registration of a " + what + (isNative() ? " (native)" : " (emulated)")
                + (isValid() ? "" : " cancelled");
    }
}
