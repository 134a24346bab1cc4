package io.github.fdmux.kqueue;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Support;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/**
 * The KQUEUE backend, found by {@link java.util.ServiceLoader}: kqueue(2) and kevent(2) from libc
 * on macOS, FreeBSD 12+ and OpenBSD, or from the library named by the system property
 * {@code fdmux.kqueue.library} (libkqueue's {@code libkqueue.so} on Linux).
 */
public final class KqueueBackendProvider extends NativeBackendProvider<KqueueNative> {
    /** The system property naming a library with kqueue and kevent, e.g. a libkqueue build on Linux. */
    public static final String LIBRARY_PROPERTY = KqueueNative.LIBRARY_PROPERTY;

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public KqueueBackendProvider() {
        super(Backend.KQUEUE, KqueueNative::get, nat -> capabilities(nat.layout == null ? "" : nat.layout.variant, nat.userFilter),
                KqueuePoller::open);
    }

    /**
     * What a variant's kqueue is expected to do, from its headers: EVFILT_USER everywhere but on
     * OpenBSD, which has it only from 7.8 (for documentation and tests; a running poller reports
     * what its probe found, {@link #capabilities(String, boolean)}).
     *
     * @param variant the layout's variant
     * @return the capabilities
     */
    static Capabilities capabilities(String variant) {
        return capabilities(variant, !KeventLayout.OPENBSD.variant.equals(variant));
    }

    /**
     * @param variant the layout's variant ("" when KQUEUE is unavailable)
     * @param userFilter whether this machine's kqueue takes EVFILT_USER ({@link KqueueNative#userFilter})
     * @return the capabilities
     */
    static Capabilities capabilities(String variant, boolean userFilter) {
        Capabilities.Builder b = nativeCapabilities(Backend.KQUEUE);
        for (EventSource source : EventSource.values()) {
            if (source != EventSource.FD) {
                b.source(source, sourceSupport(variant, userFilter, source));
            }
        }
        return everyModeNative(b)
                .regularFiles(true)
                .timeoutResolution(Duration.ofNanos(1))
                .wakeupMechanism("EVFILT_USER (a pipe where the kernel lacks it)")
                .variant(variant)
                .build();
    }

    /**
     * How KQUEUE provides a timer, signal, process or user event with a variant's kqueue (see
     * docs/backends/kqueue.md, "Timers, signals, processes and user events"):
     * <ul>
     *   <li>EVFILT_TIMER, EVFILT_SIGNAL, EVFILT_PROC and EVFILT_USER knotes on macOS and FreeBSD;</li>
     *   <li>on OpenBSD the same; user events only where the kernel takes EVFILT_USER (OpenBSD 7.8
     *       and later; older kernels answer EINVAL, and the poller wakes up through a pipe there),
     *       else they are emulated;</li>
     *   <li>with libkqueue, timers and user events are native; signals and processes are emulated.
     *       libkqueue's EVFILT_SIGNAL is a signalfd, which receives only a signal that every thread
     *       blocks, and libkqueue blocks it in the registering thread alone: inside a JVM the other
     *       threads take the deliveries and the knote never fired (observed). Its EVFILT_PROC reads
     *       the exit status with waitid(WNOWAIT) when the pidfd turns readable, and drops the event
     *       when that fails: the JVM's process reaper had mostly reaped the child by then (ECHILD),
     *       and 39 of 60 exits were lost (observed).</li>
     * </ul>
     * A periodic timer whose initial delay differs from its period is emulated on every variant
     * (EVFILT_TIMER has one interval for both), and so is a process that has already exited.
     *
     * @param variant the layout's variant ("" when KQUEUE is unavailable)
     * @param userFilter whether the kqueue takes EVFILT_USER
     * @param source a source other than {@link EventSource#FD}
     * @return {@link Support#NATIVE} or {@link Support#EMULATED}
     */
    static Support sourceSupport(String variant, boolean userFilter, EventSource source) {
        boolean libkqueue = KeventLayout.LIBKQUEUE.variant.equals(variant);
        switch (source) {
            case SIGNAL:
            case PROCESS:
                return libkqueue ? Support.EMULATED : Support.NATIVE;
            case USER:
                return userFilter ? Support.NATIVE : Support.EMULATED;
            default:
                return Support.NATIVE;
        }
    }
}
