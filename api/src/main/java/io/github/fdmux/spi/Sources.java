package io.github.fdmux.spi;

import io.github.fdmux.EventSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A poller's timers, signals, processes and user events. Each is either native (the backend's
 * {@link SourceBinding}, reported by the kernel object the poller waits on) or emulated here:
 * <ul>
 *   <li>timers in a {@link TimerHeap}, whose earliest deadline bounds the kernel wait (no work per
 *       pending timer per poll);</li>
 *   <li>signals, process exits and user triggers counted by the thread they happen in (the JVM's
 *       signal thread, the {@link ProcessHandle#onExit()} completion, the triggering thread) and
 *       queued once until reported, waking a blocked poll so that it loops and reports them.</li>
 * </ul>
 *
 * <p>Thread-safe: registration, cancel and collection run under the poller's lock; the ready queue
 * has its own monitor (occurrences arrive from any thread and must not wait for a poll's decoding).
 */
final class Sources {
    private static final long MAX_NANOS = Duration.ofDays(36_525).toNanos(); // 100 years

    private final AbstractPoller<?> poller;
    private final EventBatch batch;
    private final TimerHeap timers = new TimerHeap(); // poller lock
    private final Set<SourceRegistration> all = new LinkedHashSet<>(); // poller lock
    /** Every source's token, until it is cancelled or its binding released (see {@link SourceSupport#lookup}). */
    private final RegistrationTable<SourceRegistration> tokens = new RegistrationTable<>(); // poller lock
    private final Map<Integer, SourceRegistration> signals = new HashMap<>(); // poller lock
    private final Map<Long, SourceRegistration> processes = new HashMap<>(); // poller lock
    private final ArrayList<SourceRegistration> finished = new ArrayList<>(); // poller lock
    private final ArrayDeque<SourceRegistration> ready = new ArrayDeque<>(); // its own monitor
    /** Emulated timers pending, and queued occurrences: read by the polling thread without a lock. */
    private volatile int timerCount;
    private volatile int readyCount;

    Sources(AbstractPoller<?> poller, EventBatch batch) {
        this.poller = poller;
        this.batch = batch;
    }

    SourceRegistration timer(Duration initialDelay, Duration period, Object attachment) throws IOException {
        long delay = nanos(initialDelay, "initialDelay");
        long every = nanos(period, "period");
        return add(new SourceRegistration(poller, this, EventSource.TIMER, delay, every, null, null, attachment));
    }

    SourceRegistration signal(String name, Object attachment) throws IOException {
        SignalName signal = SignalName.parse(name);
        synchronized (poller.lock) {
            if (signals.containsKey(signal.number())) {
                throw new IllegalStateException(signal + " is already registered with this " + poller.backend()
                        + " poller (every registration of a signal reports every delivery; one per poller)");
            }
            return add(new SourceRegistration(poller, this, EventSource.SIGNAL, 0, 0, signal, null, attachment));
        }
    }

    SourceRegistration process(ProcessHandle process, Object attachment) throws IOException {
        Objects.requireNonNull(process, "process");
        if (process.pid() == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("registerProcess: process " + process.pid()
                    + " is this JVM; it cannot see itself exit");
        }
        synchronized (poller.lock) {
            if (processes.containsKey(process.pid())) {
                throw new IllegalStateException("process " + process.pid() + " is already registered with this "
                        + poller.backend() + " poller");
            }
            return add(new SourceRegistration(poller, this, EventSource.PROCESS, 0, 0, null, process, attachment));
        }
    }

    SourceRegistration user(Object attachment) throws IOException {
        return add(new SourceRegistration(poller, this, EventSource.USER, 0, 0, null, null, attachment));
    }

    private static long nanos(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must be 0 or more, was " + d);
        }
        if (d.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) {
            throw new IllegalArgumentException(what + " must be at most 100 years, was " + d);
        }
        return d.toNanos();
    }

    private SourceRegistration add(SourceRegistration s) throws IOException {
        synchronized (poller.lock) {
            poller.ensureOpen("register" + name(s.source()));
            tokens.add(s);
            try {
                s.binding = poller.implRegisterSource(s);
            } catch (IOException | RuntimeException | Error e) {
                tokens.remove(s);
                throw e;
            }
            try {
                if (s.source() == EventSource.SIGNAL) {
                    // Also for a kernel filter: the handler keeps the signal from its default action.
                    SignalHub.subscribe(s, s.signal());
                    signals.put(s.signalNumber(), s);
                } else if (s.source() == EventSource.PROCESS) {
                    processes.put(s.process().pid(), s);
                }
            } catch (RuntimeException e) {
                s.invalidate();
                if (s.binding != null) {
                    release(s);
                }
                tokens.remove(s);
                throw e;
            }
            all.add(s);
            if (s.binding == null) {
                emulate(s);
            }
        }
        poller.wakeupForChange();
        return s;
    }

    private void emulate(SourceRegistration s) {
        if (s.source() == EventSource.TIMER) {
            s.deadline = System.nanoTime() + s.initialDelayNanos();
            timers.add(s);
            timerCount = timers.size();
        } else if (s.source() == EventSource.PROCESS) {
            // Completes at once (in this thread) for a process that has already exited.
            s.process().onExit().whenComplete((p, failure) -> {
                try {
                    occur(s, 1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static String name(EventSource source) {
        String n = source.name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * An occurrence from any thread: a signal delivery, a process exit, a user trigger.
     *
     * @throws IOException if a native trigger fails
     */
    void occur(SourceRegistration s, long count) throws IOException {
        if (s.binding != null) {
            if (s.source() == EventSource.USER) {
                synchronized (poller.lock) {
                    if (s.isValid()) {
                        s.binding.trigger();
                    }
                }
            }
            return; // a native signal or process: the kernel counts it
        }
        synchronized (ready) {
            if (!s.isValid()) {
                return;
            }
            s.pending += count;
            if (!s.queued) {
                s.queued = true;
                ready.add(s);
                readyCount = ready.size();
            }
        }
        poller.wakeupForChange();
    }

    /**
     * In the polling thread: bounds the wait by the earliest emulated timer, and makes it not wait
     * at all while occurrences are queued.
     *
     * @param timeoutNanos -1 forever, 0 no wait, else nanoseconds
     * @return the wait to make
     */
    long bound(long timeoutNanos) {
        if (timeoutNanos == 0 || (timerCount == 0 && readyCount == 0)) {
            return timeoutNanos;
        }
        if (readyCount > 0) {
            return 0;
        }
        long untilFirst;
        synchronized (poller.lock) {
            SourceRegistration first = timers.first();
            if (first == null) {
                return timeoutNanos;
            }
            untilFirst = Math.max(0, first.deadline - System.nanoTime());
        }
        return timeoutNanos < 0 ? untilFirst : Math.min(timeoutNanos, untilFirst);
    }

    /** {@return true if emulated sources may have something to report} Polling thread. */
    boolean mayHaveEvents() {
        return timerCount > 0 || readyCount > 0;
    }

    /** Under the lock, in the polling thread: reports expired timers and queued occurrences. */
    void collect() {
        assert Thread.holdsLock(poller.lock);
        long now = System.nanoTime();
        SourceRegistration t;
        while ((t = timers.first()) != null && t.deadline - now <= 0 && batch.canTake(t)) {
            long period = t.periodNanos();
            long count = period == 0 ? 1 : 1 + (now - t.deadline) / period;
            batch.deliverSource(t, count);
            if (period == 0) {
                timers.remove(t);
                t.finished = true;
            } else {
                t.deadline += count * period; // from the schedule, not from now: periods do not drift
                timers.rescheduledFirst();
            }
        }
        timerCount = timers.size();
        while (readyCount > 0) {
            SourceRegistration s;
            long count;
            synchronized (ready) {
                s = ready.peek();
                if (s == null || !batch.canTake(s)) {
                    break;
                }
                ready.poll();
                readyCount = ready.size();
                count = s.pending;
                s.pending = 0;
                s.queued = false;
            }
            if (s.isValid() && count > 0) {
                batch.deliverSource(s, count);
                if (s.source() == EventSource.PROCESS) {
                    s.finished = true;
                }
            }
        }
    }

    /**
     * Under the lock, in the polling thread: a native source's fd was reported.
     *
     * @return false if the events buffer is full (the fd stays ready for the next poll)
     */
    boolean fdReady(SourceBinding b) throws IOException {
        SourceRegistration s = b.owner();
        if (!s.isValid() || s.finished) {
            return true;
        }
        if (!batch.canTake(s)) {
            return false;
        }
        long count = b.take();
        if (count > 0) {
            batch.deliverSource(s, count);
        }
        return true;
    }

    /**
     * Under the lock, in the polling thread: a native source reported {@code count} occurrences.
     *
     * @return false if the events buffer is full
     */
    boolean deliverNative(SourceRegistration s, long count) {
        if (!s.isValid() || s.finished) {
            return true;
        }
        if (!batch.canTake(s)) {
            return false;
        }
        batch.deliverSource(s, count);
        return true;
    }

    /** Under the lock: a one-time native source reported; its kernel part is released after decoding. */
    void finish(SourceRegistration s) {
        assert Thread.holdsLock(poller.lock);
        if (!s.finished) {
            s.finished = true;
            finished.add(s);
        }
    }

    /** Under the lock, after decoding: releases what finished during it. */
    void afterDecode() {
        assert Thread.holdsLock(poller.lock);
        for (int i = 0; i < finished.size(); i++) {
            release(finished.get(i));
        }
        finished.clear();
    }

    /** Releases a native source's binding; its token finds nothing from now on. */
    private void release(SourceRegistration s) {
        if (!s.released) {
            s.released = true;
            tokens.remove(s);
            s.binding.release();
        }
    }

    /**
     * Under the lock: the source of a token a kernel object carried back.
     *
     * @return the source, or null if it was cancelled, its binding released, or the token is stale
     */
    SourceRegistration lookup(long token) {
        assert Thread.holdsLock(poller.lock);
        return tokens.lookup(token);
    }

    /** Cancels a source: no event of it is reported from now on. */
    boolean cancel(SourceRegistration s) {
        synchronized (poller.lock) {
            if (!s.isValid()) {
                return false;
            }
            s.invalidate();
            forget(s);
            all.remove(s);
            return true;
        }
    }

    private void forget(SourceRegistration s) {
        assert Thread.holdsLock(poller.lock);
        synchronized (ready) {
            if (s.queued) {
                ready.remove(s);
                s.queued = false;
                readyCount = ready.size();
            }
        }
        if (s.source() == EventSource.SIGNAL) {
            SignalHub.unsubscribe(s, s.signal());
            signals.remove(s.signalNumber(), s);
        } else if (s.source() == EventSource.PROCESS) {
            processes.remove(s.process().pid(), s);
        }
        if (s.binding != null) {
            release(s);
            finished.remove(s);
        } else if (s.source() == EventSource.TIMER) {
            timers.remove(s);
            timerCount = timers.size();
        }
        tokens.remove(s);
    }

    /** The poller is closing: every source is invalid and released. */
    void clear() {
        synchronized (poller.lock) {
            for (SourceRegistration s : all) {
                s.invalidate();
                forget(s);
            }
            all.clear();
            tokens.clear();
            timers.clear();
            timerCount = 0;
        }
    }
}
