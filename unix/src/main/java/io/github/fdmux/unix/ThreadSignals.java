package io.github.fdmux.unix;

import jnr.constants.platform.Signal;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;

/**
 * Sends a signal to one particular thread, so a test can make exactly the polling thread's wait
 * fail with EINTR and check that fdmux retries it with the remaining time. SIGURG is used: its
 * default action is to be ignored (harmless if a handler is missing), and the JVM does not use it.
 *
 * <p>Thread-safe.
 */
public final class ThreadSignals {
    /** pthread_self(3) and pthread_kill(3) from libc (glibc 2.34+, macOS, the BSDs). */
    public interface PThreads {
        /**
         * pthread_self(3).
         *
         * @return the calling thread (pthread_t: an unsigned long or a pointer, 64 bits here)
         */
        long pthread_self();

        /**
         * pthread_kill(3).
         *
         * @param thread a thread from {@link #pthread_self()}
         * @param sig a signal number
         * @return 0 or an errno value (not -1: pthread functions return their error)
         */
        int pthread_kill(long thread, int sig);
    }

    private static volatile PThreads pthreads;
    private static volatile boolean handlerInstalled;

    private ThreadSignals() {
    }

    private static PThreads pthreads() {
        PThreads p = pthreads;
        if (p == null) {
            p = LibraryLoader.create(PThreads.class).load(Platform.getNativePlatform().getStandardCLibraryName());
            pthreads = p;
        }
        return p;
    }

    /**
     * Installs a do-nothing Java handler for SIGURG, so the signal interrupts system calls (a signal
     * whose disposition is "ignore" interrupts nothing).
     *
     * @throws IllegalArgumentException if this JVM does not let SIGURG be handled
     */
    public static synchronized void installHandler() {
        if (!handlerInstalled) {
            sun.misc.Signal.handle(new sun.misc.Signal("URG"), sig -> { });
            handlerInstalled = true;
        }
    }

    /** @return the calling thread's pthread_t */
    public static long self() {
        return pthreads().pthread_self();
    }

    /**
     * Sends SIGURG to {@code thread}.
     *
     * @param thread a pthread_t from {@link #self()}
     * @throws IllegalStateException if pthread_kill fails (the thread is gone)
     */
    public static void interrupt(long thread) {
        int err = pthreads().pthread_kill(thread, Signal.SIGURG.intValue());
        if (err != 0) {
            throw new IllegalStateException("pthread_kill(SIGURG) failed: " + Native.errnoName(err));
        }
    }
}
