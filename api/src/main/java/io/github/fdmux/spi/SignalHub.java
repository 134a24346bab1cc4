package io.github.fdmux.spi;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide side of signal sources: one JVM signal handler per signal that has a
 * registration, fanning each delivery out to every registration of it, in every poller. A signal
 * handler is the sound way to see signals inside a JVM: signalfd only receives a signal that every
 * thread blocks, and the JVM's own threads (and any the program starts) do not block it, so the
 * kernel would hand most deliveries to them instead (see docs/backends/epoll.md). The JVM runs the
 * handler in a thread of its own, which counts the delivery and wakes the poll.
 *
 * <p>While a signal has registrations, the handler that was there before (the JVM's shutdown on
 * HUP/INT/TERM, the default action of the others) is set aside; the last cancel puts it back.
 *
 * <p>Thread-safe: the class monitor guards the table and handler installation.
 */
final class SignalHub {
    private static final Map<Integer, Entry> ENTRIES = new HashMap<>();

    private SignalHub() {
    }

    /** One signal's handler and subscribers. */
    private static final class Entry implements sun.misc.SignalHandler {
        final SignalName name;
        final CopyOnWriteArrayList<SourceRegistration> subscribers = new CopyOnWriteArrayList<>();
        sun.misc.SignalHandler previous;

        Entry(SignalName name) {
            this.name = name;
        }

        @Override
        public void handle(sun.misc.Signal signal) {
            for (SourceRegistration s : subscribers) {
                try {
                    s.sources().occur(s, 1);
                } catch (IOException | RuntimeException e) {
                    System.getLogger("io.github.fdmux").log(System.Logger.Level.WARNING,
                            "delivering " + name + " to " + s + " failed", e);
                }
            }
        }
    }

    /**
     * Adds a subscriber, installing the handler for its first one.
     *
     * @throws IllegalArgumentException if the JVM refuses to let the signal be handled
     */
    static synchronized void subscribe(SourceRegistration s, SignalName name) {
        Entry e = ENTRIES.get(name.number());
        if (e == null) {
            e = new Entry(name);
            try {
                e.previous = sun.misc.Signal.handle(new sun.misc.Signal(name.name()), e);
            } catch (IllegalArgumentException refused) {
                throw new IllegalArgumentException("signal " + name.name() + " cannot be registered: the JVM refuses"
                        + " to let it be handled here (" + refused.getMessage() + ")", refused);
            }
            ENTRIES.put(name.number(), e);
        }
        e.subscribers.add(s);
    }

    /** Removes a subscriber; the last one puts the previous handler back. */
    static synchronized void unsubscribe(SourceRegistration s, SignalName name) {
        Entry e = ENTRIES.get(name.number());
        if (e == null || !e.subscribers.remove(s)) {
            return;
        }
        if (e.subscribers.isEmpty()) {
            ENTRIES.remove(name.number());
            sun.misc.Signal.handle(new sun.misc.Signal(name.name()), e.previous);
        }
    }
}
