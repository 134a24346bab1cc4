package io.github.fdmux.unix;

import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Support;
import io.github.fdmux.spi.Availability;

/**
 * Which of Linux's source fds work in this process, probed once: timerfd (Linux 2.6.25), eventfd
 * (2.6.22), pidfd_open (5.3). Each is created and closed once; a refusal (ENOSYS on an old
 * kernel, EPERM from a seccomp filter) makes that source {@link Support#EMULATED}. Signals stay
 * emulated on every backend: a signalfd only receives a signal that every thread of the process
 * blocks, which a JVM cannot arrange (docs/backends/epoll.md has the measurement).
 *
 * <p>The fd backends (EPOLL, POLL, SELECT, IO_URING) declare these in their {@link Capabilities}
 * with {@link #declare} (timers only on EPOLL and IO_URING), and {@link NativePoller} then
 * implements those sources with {@link LinuxSources}. Thread-safe.
 *
 * @param timerfd true if timers are timerfds here
 * @param eventfd true if user events are eventfds here
 * @param pidfd true if process exits are watched through pidfds here
 * @param reason what the probe found, e.g. "pidfd_open failed with ENOSYS"
 */
public record LinuxSourceSupport(boolean timerfd, boolean eventfd, boolean pidfd, String reason) {
    private static final ProbeCache<LinuxSourceSupport> PROBED = new ProbeCache<>(LinuxSourceSupport::probe,
            LinuxSourceSupport::availability);

    /** @return what works here (nothing off Linux or where libc cannot be called) */
    public static LinuxSourceSupport get() {
        return PROBED.get(); // fd or memory exhaustion says nothing lasting: probed again next time
    }

    /** Whether every source fd works, for {@link ProbeCache}, which keeps a refusal unless it is fd or memory exhaustion. */
    private static Availability availability(LinuxSourceSupport p) {
        return p.timerfd && p.eventfd && p.pidfd ? Availability.yes(p.reason) : Availability.no(p.reason);
    }

    private static LinuxSourceSupport probe() {
        if (!Native.isLinux()) {
            return new LinuxSourceSupport(false, false, false, "not Linux");
        }
        if (SupportedPlatforms.refusal() != null || !Native.isLoaded()) {
            return new LinuxSourceSupport(false, false, false, "native calls unavailable");
        }
        StringBuilder why = new StringBuilder();
        LibC libc = Native.libc();
        boolean timer = works("timerfd_create", libc.timerfd_create(LinuxConstants.CLOCK_MONOTONIC,
                LinuxConstants.TFD_NONBLOCK | LinuxConstants.TFD_CLOEXEC), why);
        boolean event = works("eventfd", libc.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC), why);
        boolean pid = works("pidfd_open", (int) libc.syscall(LinuxConstants.SYS_PIDFD_OPEN,
                ProcessHandle.current().pid(), 0), why);
        return new LinuxSourceSupport(timer, event, pid, why.length() == 0 ? "timerfd, eventfd and pidfd_open work"
                : why.toString());
    }

    private static boolean works(String call, int fd, StringBuilder why) {
        if (fd < 0) {
            why.append(why.length() == 0 ? "" : "; ").append(call).append(" failed with ")
                    .append(Native.errnoName(Native.errno()));
            return false;
        }
        Fds.closeQuietly(fd); // a probe's fd: nothing to report if closing it fails
        return true;
    }

    /**
     * {@return how this process provides {@code source} through Linux fds} SIGNAL and FD are not
     * this class's business and answer {@link Support#EMULATED} and {@link Support#NATIVE}.
     *
     * @param source a source
     */
    public Support support(EventSource source) {
        switch (source) {
            case FD:
                return Support.NATIVE;
            case TIMER:
                return timerfd ? Support.NATIVE : Support.EMULATED;
            case PROCESS:
                // An exited process is reported through an eventfd (there is no pidfd of it): both are needed.
                return pidfd && eventfd ? Support.NATIVE : Support.EMULATED;
            case USER:
                return eventfd ? Support.NATIVE : Support.EMULATED;
            default:
                return Support.EMULATED;
        }
    }

    /**
     * Declares in a fd backend's capabilities the sources Linux provides here; off Linux, or where a
     * call is refused, they stay {@link Support#EMULATED}.
     *
     * <p>Timers as timerfds only where the wait does not look at every registration ({@code timerfds}
     * true: epoll, io_uring). poll(2) and select(2) scan every fd they are given on every call, so one
     * fd per timer would make each poll cost O(pending timers): measured here, a POLL pollNow() took
     * 0.7 µs with 10 timerfds and 1,607 µs with 10,000. fdmux's timer heap keeps a poll's cost
     * independent of the timers there, its earliest deadline bounding the wait (ppoll and pselect
     * have nanosecond timeouts).
     *
     * @param builder the backend's capabilities
     * @param timerfds whether timers may be timerfds on this backend
     * @return {@code builder}
     */
    public static Capabilities.Builder declare(Capabilities.Builder builder, boolean timerfds) {
        return get().declareInto(builder, timerfds);
    }

    /** As {@link #declare}, with what this probe found. */
    Capabilities.Builder declareInto(Capabilities.Builder builder, boolean timerfds) {
        builder.source(EventSource.TIMER, timerfds ? support(EventSource.TIMER) : Support.EMULATED);
        builder.source(EventSource.PROCESS, support(EventSource.PROCESS));
        builder.source(EventSource.USER, support(EventSource.USER));
        return builder;
    }
}
