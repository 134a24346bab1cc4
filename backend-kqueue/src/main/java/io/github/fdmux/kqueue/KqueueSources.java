package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_CLEAR;
import static io.github.fdmux.kqueue.KeventLayout.EV_ONESHOT;
import static io.github.fdmux.kqueue.KeventLayout.NOTE_EXIT;

import io.github.fdmux.EventSource;
import io.github.fdmux.Support;
import io.github.fdmux.spi.SourceRegistration;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import java.io.IOException;

/**
 * A kqueue poller's native timers, signals, processes and user events ({@link KqueueSource}): the
 * knotes made for them. A knote's {@code udata} is its source's token from the poller's source
 * table ({@link io.github.fdmux.spi.SourceSupport#lookup}), a slot and a generation as for fd
 * registrations, so a kevent the kernel had already queued for a released knote finds nothing.
 * Source kevents are told from fd kevents by their filter.
 *
 * <ul>
 *   <li>A timer is an EVFILT_TIMER knote with the layout's unit ({@link KeventLayout#timerData});
 *       a timer with period 0 is EV_ONESHOT. EVFILT_TIMER has one interval for the first expiration
 *       and the period, so a periodic timer whose initial delay differs from its period is left to
 *       fdmux's emulation, and so is a timer the kernel refuses for a limit of its own
 *       ({@link #timerLimit}).</li>
 *   <li>A signal is an EVFILT_SIGNAL knote (ident: the signal number). It records deliveries even
 *       while a handler is installed, which fdmux keeps installed (so that the signal's default
 *       action does not end the JVM).</li>
 *   <li>A process is an EVFILT_PROC knote with NOTE_EXIT (ident: the pid). One that has already
 *       exited (ESRCH, or not alive once the knote is added: the pid may have been reused) is left
 *       to the emulation, which reports it at once; so is one the kernel will not let this user
 *       watch (EPERM, EACCES).</li>
 *   <li>A user event is an EVFILT_USER knote with EV_CLEAR, triggered with NOTE_TRIGGER.</li>
 * </ul>
 * Releasing a knote queues its EV_DELETE like a cancel does ({@link KeventBatch#queueDelete});
 * ENOENT for an EV_ONESHOT knote the kernel already dropped is ignored there.
 *
 * <p>Not thread-safe: the poller's lock guards it (but {@link #size()}, which is volatile).
 */
final class KqueueSources {
    /** The lowest ident of timers and user events: 1 is the poller's wakeup ({@link KqueueWakeup#IDENT}). */
    private static final long FIRST_IDENT = 2;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final KeventLayout layout;
    private final int kq;
    private final KeventBatch batch;
    /** Sends user events' NOTE_TRIGGERs, as it sends the wakeup's. */
    private final KqueueWakeup triggers;
    private final String variant;
    /** Whether the kernel took the poller's EVFILT_USER wakeup (else user events are emulated). */
    private boolean userFilter;
    private volatile int size;

    /**
     * @param variant the layout's variant, which decides what is native ({@link KqueueBackendProvider#sourceSupport})
     */
    KqueueSources(KeventLayout layout, int kq, KeventBatch batch, KqueueWakeup triggers, String variant) {
        this.layout = layout;
        this.kq = kq;
        this.batch = batch;
        this.triggers = triggers;
        this.variant = variant;
    }

    /** The kernel took the poller's EVFILT_USER wakeup: user events can be EVFILT_USER knotes too. */
    void userFilterWorks() {
        userFilter = true;
    }

    /**
     * Adds the knote of a source, or answers null where fdmux emulates it.
     *
     * @param s the source
     * @return its binding, or null
     * @throws IOException if the kernel refuses the knote
     */
    KqueueSource register(SourceRegistration s) throws IOException {
        if (KqueueBackendProvider.sourceSupport(variant, userFilter, s.source()) != Support.NATIVE) {
            return null;
        }
        switch (s.source()) {
            case TIMER:
                return timer(s);
            case SIGNAL:
                return add(s, s.signalNumber(), layout.evfiltSignal, EV_ADD, 0, 0);
            case PROCESS:
                return process(s);
            case USER:
                return add(s, -1, layout.evfiltUser, EV_ADD | EV_CLEAR, 0, 0);
            default:
                throw new IllegalArgumentException("not a source: " + s.source());
        }
    }

    private KqueueSource timer(SourceRegistration s) throws IOException {
        long period = s.periodNanos();
        if (period != 0 && period != s.initialDelayNanos()) {
            return null; // one EVFILT_TIMER interval serves the first expiration and the period
        }
        try {
            return add(s, -1, layout.evfiltTimer, EV_ADD | (period == 0 ? EV_ONESHOT : 0), layout.timerUnitFlag,
                    layout.timerData(s.initialDelayNanos()));
        } catch (KnoteRefused e) {
            if (!timerLimit(e.errno)) {
                throw e.exception;
            }
            // A limit of the kernel's, not of the timer's: fdmux's timer heap has none.
            LOG.log(System.Logger.Level.DEBUG, "KQUEUE: {0}; emulating the timer", e.getMessage());
            return null;
        }
    }

    /**
     * Whether a refused EVFILT_TIMER is a limit the emulation does not have: FreeBSD caps kqueue
     * timers system-wide ({@code kern.kq_calloutmax}, sys/kern/kern_event.c filt_timerattach: ENOMEM);
     * libkqueue gives each timer a timerfd (EMFILE, ENFILE); an interval a kernel cannot represent
     * (EINVAL, ERANGE) was already checked to be at most 100 years.
     */
    private static boolean timerLimit(int errno) {
        return errno == Errnos.ENOMEM || errno == Errnos.EMFILE || errno == Errnos.ENFILE || errno == Errnos.EINVAL
                || errno == Errnos.ERANGE;
    }

    private KqueueSource process(SourceRegistration s) throws IOException {
        KqueueSource b;
        try {
            b = add(s, s.process().pid(), layout.evfiltProc, EV_ADD, NOTE_EXIT, 0);
        } catch (KnoteRefused e) {
            if (e.errno == Errnos.ESRCH) {
                // "No such process": EVFILT_PROC's answer for a pid that has exited and been reaped.
                return null; // already exited (and reaped): the emulation reports it at once
            }
            if (e.errno == Errnos.EPERM || e.errno == Errnos.EACCES) {
                // Not this user's to watch in the kernel; ProcessHandle.onExit() still sees it end.
                LOG.log(System.Logger.Level.DEBUG, "KQUEUE: {0}; emulating the process", e.getMessage());
                return null;
            }
            throw e.exception;
        }
        if (!s.process().isAlive()) {
            // Exited meanwhile, or the pid already belonged to another process (ProcessHandle
            // compares start times): the emulation reports it at once; no event of this knote is.
            release(b);
            return null;
        }
        return b;
    }

    /** A refused EV_ADD, with its errno. */
    private static final class KnoteRefused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient int errno;
        final transient IOException exception;

        KnoteRefused(int errno, IOException exception) {
            super(exception.getMessage(), exception);
            this.errno = errno;
            this.exception = exception;
        }
    }

    /**
     * The ident of a timer's or user event's knote: numbered after its source's slot, which is at
     * most {@link Integer#MAX_VALUE}, so that it fits a 32-bit {@code uintptr_t} and is never the
     * wakeup's.
     *
     * @param slot {@link SourceRegistration#slot()}, 0 or more
     */
    static long ownIdent(int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("a source without a slot: " + slot);
        }
        return FIRST_IDENT + slot;
    }

    /** @param ident the ident, or -1 for a number of the source's own (timers, user events) */
    private KqueueSource add(SourceRegistration s, long ident, int filter, int flags, int fflags, long data)
            throws IOException {
        long own = ident >= 0 ? ident : ownIdent(s.slot());
        String call = "kevent(" + KeventLayout.actionNames(flags) + " " + layout.filterName(filter) + " " + own + ")";
        batch.start();
        batch.add(own, filter, flags, fflags, data, s.token());
        int err = batch.applyLast(call);
        if (err != 0) {
            throw new KnoteRefused(err, Native.exception(call, kq, err));
        }
        size++;
        return new KqueueSource(this, s, own, filter);
    }

    /** NOTE_TRIGGER of a user event, in a kevent call of its own. */
    void trigger(KqueueSource b) throws IOException {
        triggers.triggerUserEvent(b.ident, b.owner().token());
    }

    /** Queues the knote's EV_DELETE (once). */
    void release(KqueueSource b) {
        if (b.released) {
            return;
        }
        b.released = true;
        batch.queueDelete(b.ident, b.filter);
        size--;
    }

    /** @return the live native sources (read by the polling thread to size the event list) */
    int size() {
        return size;
    }

    String filterName(int filter) {
        return layout.filterName(filter);
    }
}
