package io.github.fdmux.unix;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.AbstractRegistration;
import io.github.fdmux.spi.SourceBinding;
import io.github.fdmux.spi.SourceRegistration;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * One poller's Linux source fds: a timer is a timerfd (CLOCK_MONOTONIC, the clock of
 * {@link System#nanoTime()}), a user event an eventfd (its counter adds triggers up), a process a
 * pidfd (readable once the process has exited). Each fd is registered for reading, level-triggered,
 * with the poller's kernel object, so the kernel keeps the count while nobody polls and a poll reads
 * it: the fd backends need nothing of their own for it. Which sources are bound here is what the
 * backend's capabilities say ({@link LinuxSourceSupport#declare}: timers on EPOLL and IO_URING only).
 *
 * <p>A source stays emulated (null from {@link #bind}) where its fd cannot serve: a signal (see
 * {@link LinuxSourceSupport}), an fd numbered at or above the backend's
 * {@link io.github.fdmux.Capabilities#fdLimit()} (SELECT's FD_SETSIZE), a timer longer than a
 * 32-bit {@code time_t} holds, or pidfd_open refused (ENOSYS before Linux 5.3, EPERM under seccomp).
 *
 * <p>Under the poller's lock, as every {@code implRegisterSource} and {@link SourceBinding} call.
 */
final class LinuxSources<R extends AbstractRegistration> {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");
    private static final int TFD_FLAGS = LinuxConstants.TFD_NONBLOCK | LinuxConstants.TFD_CLOEXEC;
    private static final int EFD_FLAGS = LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC;
    // Resolved with this class, not at the first failure: out of fds, loading a class fails too.
    private static final int ESRCH = Errnos.ESRCH;
    private static final int ENOSYS = Errnos.ENOSYS;
    private static final int EPERM = Errnos.EPERM;

    /** The poller whose kernel object watches the source fds (its source hooks are package-visible here). */
    private final NativePoller<R> poller;
    private final LibC libc = Native.libc();

    LinuxSources(NativePoller<R> poller) {
        this.poller = poller;
    }

    /**
     * @param s a source whose {@link io.github.fdmux.Capabilities} say NATIVE
     * @return its binding, or null to emulate it
     * @throws IOException if the kernel refuses (nothing is left open then)
     */
    SourceBinding bind(SourceRegistration s) throws IOException {
        switch (s.source()) {
            case TIMER:
                return timer(s);
            case USER:
                return attach(eventfd(0), s, Kind.USER);
            case PROCESS:
                return process(s);
            default:
                return null;
        }
    }

    private SourceBinding timer(SourceRegistration s) throws IOException {
        try (NativeBuffer memory = NativeBuffer.allocate(TimerSpec.size())) {
            Pointer spec = new TimerSpec(memory).set(s.initialDelayNanos(), s.periodNanos());
            if (spec == null) {
                return null; // beyond a 32-bit time_t: the emulation's long nanoseconds hold it
            }
            int fd = libc.timerfd_create(LinuxConstants.CLOCK_MONOTONIC, TFD_FLAGS);
            if (fd < 0) {
                throw Native.exception("timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK|TFD_CLOEXEC)", -1, Native.errno());
            }
            if (libc.timerfd_settime(fd, 0, spec, null) < 0) {
                NativeCallException failure = Native.exception("timerfd_settime", fd, Native.errno());
                Fds.closeQuietly(fd);
                throw failure;
            }
            return attach(fd, s, s.periodNanos() == 0 ? Kind.ONCE_TIMER : Kind.TIMER);
        }
    }

    private SourceBinding process(SourceRegistration s) throws IOException {
        long pid = s.process().pid();
        int fd = (int) libc.syscall(LinuxConstants.SYS_PIDFD_OPEN, pid, 0);
        if (fd < 0) {
            int err = Native.errno();
            if (err == ESRCH) {
                return attach(eventfd(1), s, Kind.PROCESS); // gone already: reported at once
            }
            if (err == ENOSYS || err == EPERM) {
                return null; // refused since the probe (a seccomp filter of this thread): emulate
            }
            throw Native.exception("pidfd_open(pid " + pid + ")", -1, err);
        }
        // The pid may have been reaped and reused before pidfd_open: the handle, which knows the
        // process's start time, says whether the pidfd names the same process.
        if (!s.process().isAlive()) {
            Native.close(fd);
            return attach(eventfd(1), s, Kind.PROCESS);
        }
        return attach(fd, s, Kind.PROCESS);
    }

    private int eventfd(int initial) throws IOException {
        int fd = libc.eventfd(initial, EFD_FLAGS);
        if (fd < 0) {
            throw Native.exception("eventfd(" + initial + ", EFD_NONBLOCK|EFD_CLOEXEC)", -1, Native.errno());
        }
        return fd;
    }

    /** Registers the source's fd with the poller; closes it if that fails, or if the backend cannot watch its number. */
    private SourceBinding attach(int fd, SourceRegistration s, Kind kind) throws IOException {
        int limit = poller.capabilities().fdLimit().orElse(-1);
        if (limit >= 0 && fd >= limit) {
            Native.close(fd);
            LOG.log(System.Logger.Level.DEBUG, () -> kind.fdName + " " + fd + " is not below the backend's fd limit ("
                    + limit + "): " + s.source() + " emulated");
            return null;
        }
        NativeBuffer io = null;
        try {
            io = NativeBuffer.allocate(16);
            Binding b = new Binding(s, kind, fd, io);
            b.registration = poller.addSourceFd(fd, b);
            return b;
        } catch (IOException | RuntimeException | Error e) {
            if (io != null) {
                io.free();
            }
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** Reads a timerfd's expirations or an eventfd's counter (which resets it); 0 if there was nothing. */
    private long readCount(Binding b) throws IOException {
        long n = Fds.readNonBlocking(b.fd, b.io.pointer(), 8, b.kind.readCall);
        if (n < 0) {
            return 0; // EAGAIN: reported, then read by nobody else: a spurious readiness
        }
        if (n != 8) {
            throw new IOException(b.kind.readCall + " of fd " + b.fd + " returned " + n + " bytes, not 8");
        }
        return b.io.pointer().getLong(0);
    }

    /** What a source fd is. */
    private enum Kind {
        TIMER("timerfd"),
        ONCE_TIMER("timerfd"),
        USER("eventfd"),
        PROCESS("pidfd");

        final String fdName;
        /** The read as an error names it; built once (a poll's read must not allocate). */
        final String readCall;

        Kind(String fdName) {
            this.fdName = fdName;
            this.readCall = "read(" + fdName + ")";
        }
    }

    /**
     * A source implemented by one fd of its own, with 16 bytes of native memory for its reads and
     * writes (the count read at 0, the 1 a trigger writes at 8), freed with the fd.
     */
    private final class Binding extends SourceBinding {
        private final Kind kind;
        private final int fd;
        private final NativeBuffer io;
        private final Pointer one;
        private R registration;

        Binding(SourceRegistration owner, Kind kind, int fd, NativeBuffer io) {
            super(owner);
            this.kind = kind;
            this.fd = fd;
            this.io = io;
            this.one = io.pointer().slice(8);
            one.putLong(0, 1L);
        }

        @Override
        protected long take() throws IOException {
            switch (kind) {
                case PROCESS:
                    // A pidfd stays readable once the process has exited: one report, then released.
                    poller.finishSource(owner());
                    return 1;
                case ONCE_TIMER:
                    long n = readCount(this);
                    if (n > 0) {
                        poller.finishSource(owner()); // disarmed now: its fd is not kept until cancel
                    }
                    return n;
                default:
                    return readCount(this);
            }
        }

        @Override
        protected void trigger() throws IOException {
            // EAGAIN (-1): the counter is at its maximum (2^64 - 2), a trigger coalesced anyway.
            Fds.writeNonBlocking(fd, one, 8, "write(eventfd)");
        }

        @Override
        protected void release() {
            poller.removeSourceFd(registration);
            try {
                Native.close(fd);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing " + owner() + ": " + e.getMessage());
            } finally {
                io.free();
            }
        }

        @Override
        public String toString() {
            return kind.fdName + " " + fd + " of " + owner();
        }
    }
}
