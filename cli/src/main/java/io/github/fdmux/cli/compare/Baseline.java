package io.github.fdmux.cli.compare;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * The two servers without an event loop that the comparison sets beside fdmux, from the contrast
 * the readiness-API literature draws: a platform thread per connection doing blocking I/O (the
 * classic model epoll was made to replace), and a virtual thread per connection (JDK 21+), where
 * the JDK parks the thread and runs its own epoll/kqueue poller underneath.
 */
public enum Baseline {
    /** A platform thread per connection, blocking reads and writes. */
    THREADS,
    /** A virtual thread per connection, blocking reads and writes (JDK 21+). */
    VIRTUAL;

    /** @return the mode column's text: how the server waits */
    public String modeLabel() {
        return "blocking";
    }

    /**
     * @return null if this baseline can run on this JVM, else why not (VIRTUAL on JDK 17-20)
     */
    public String absentReason() {
        if (this == THREADS) {
            return null;
        }
        return virtualThreadFactory() != null ? null : "virtual threads need JDK 21 or later; this is Java "
                + System.getProperty("java.version");
    }

    /** @return a factory of new threads for the connections, or null if this JVM cannot make them */
    ThreadFactory threadFactory() {
        if (this == THREADS) {
            return r -> {
                Thread t = new Thread(r, "fdmux-compare-threads-conn");
                t.setDaemon(true);
                return t;
            };
        }
        return virtualThreadFactory();
    }

    /**
     * {@code Thread.ofVirtual().factory()} through reflection, so the CLI compiles for Java 17 and
     * runs the VIRTUAL row where the JVM has virtual threads.
     */
    private static ThreadFactory virtualThreadFactory() {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            // Through the public interface Thread.Builder: the builder's own class is not public.
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
