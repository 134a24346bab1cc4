package io.github.fdmux;

import io.github.fdmux.spi.BackendSelector;
import java.io.IOException;
import java.util.List;

/**
 * Opens pollers, choosing the backend.
 *
 * <p>The automatic choice takes the best native mechanism of the OS (Linux: EPOLL; macOS and the
 * BSDs: KQUEUE), then POLL, then NIO, falling through to the next when one fails to initialise;
 * {@link Poller#selectionReason()} says which was chosen and why (also logged at DEBUG on the
 * {@code io.github.fdmux} System.Logger). A backend can be named instead, by
 * {@link #open(Backend)}, by the system property {@code fdmux.backend} or by the environment
 * variable {@code FDMUX_BACKEND} (the property wins). A named backend is never replaced by
 * another: if it cannot be opened, opening fails with the reason.
 *
 * <p>Thread-safe.
 */
public final class Pollers {
    /** The system property that names a backend, e.g. {@code -Dfdmux.backend=poll}. */
    public static final String BACKEND_PROPERTY = "fdmux.backend";
    /** The environment variable that names a backend, e.g. {@code FDMUX_BACKEND=poll}. */
    public static final String BACKEND_ENV = "FDMUX_BACKEND";

    private Pollers() {
    }

    /**
     * Opens a poller on the backend named by {@code fdmux.backend} / {@code FDMUX_BACKEND}, or else
     * on the best one available here.
     *
     * @return a new poller
     * @throws IllegalArgumentException if the property or variable names no backend (the message lists the valid names)
     * @throws BackendUnavailableException if the named backend cannot be used here, or none can
     * @throws IOException if opening the named backend failed
     */
    public static Poller open() throws IOException {
        return BackendSelector.systemDefault().open();
    }

    /**
     * Opens a poller on the given backend, never on another.
     *
     * @param backend the backend
     * @return a new poller
     * @throws BackendUnavailableException if the backend is not installed or cannot work here (the message says why)
     * @throws NativeCallException if the kernel refused to create it (e.g. EMFILE, or EPERM under seccomp)
     * @throws IOException on other failures
     */
    public static Poller open(Backend backend) throws IOException {
        return BackendSelector.systemDefault().open(backend);
    }

    /**
     * What fdmux knows about one backend here: installed or not, available or not and why, its
     * capabilities, and the exception behind an unavailable answer (Netty's
     * {@code Epoll.unavailabilityCause()}). Probes the backend once (the answer is cached); never throws.
     *
     * @param backend the backend
     * @return its status
     */
    public static BackendStatus status(Backend backend) {
        return BackendSelector.systemDefault().status(backend);
    }

    /**
     * Throws unless this backend can be opened here: for a program that needs one backend and wants
     * to fail at start-up, with the reason and its cause, rather than at its first {@link #open(Backend)}.
     *
     * @param backend the backend
     * @throws BackendUnavailableException if it is not installed or not available here; the message
     *     says why, and {@link Throwable#getCause()} is the underlying exception when there is one
     */
    public static void ensureAvailable(Backend backend) throws BackendUnavailableException {
        status(backend).ensureAvailable();
    }

    /**
     * What {@code ./fdmux info} prints: every backend, whether it can be used here and why. Probes
     * each installed backend once (the answers are cached); never throws.
     *
     * @return one status per backend, in {@link Backend} order: installed, available, why, capabilities
     */
    public static List<BackendStatus> statuses() {
        return BackendSelector.systemDefault().statuses();
    }
}
