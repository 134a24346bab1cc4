package io.github.fdmux.unix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything native a poller owns: its kernel fd (epoll, kqueue; none for poll(2)), its
 * {@link Wakeup}, and its native memory. Released once, in that order, by {@link #close()}, which
 * goes on after a failure and reports the first one with the others suppressed; the same release
 * runs when opening the poller fails part-way ({@link #open}), so nothing leaks on either path.
 *
 * <p>Not thread-safe: filled while the poller is built, closed by its close (no poll in progress).
 */
public final class NativeResources {
    /** Closes the kernel fd. */
    @FunctionalInterface
    public interface FdCloser {
        /**
         * @param fd the fd
         * @throws IOException if close fails
         */
        void close(int fd) throws IOException;
    }

    /** Builds the poller on the resources; what it throws makes {@link #open} release them. */
    @FunctionalInterface
    public interface Builder<P> {
        /**
         * @param resources the poller's resources, the kernel fd already in
         * @return the poller
         * @throws IOException if the poller cannot be set up
         */
        P build(NativeResources resources) throws IOException;
    }

    private final int kernelFd;
    private final FdCloser closer;
    private Wakeup wakeup;
    private int[] wakeupFds = new int[0];
    private final List<Runnable> frees = new ArrayList<>();
    private boolean closed;

    private NativeResources(int kernelFd, FdCloser closer) {
        this.kernelFd = kernelFd;
        this.closer = closer;
    }

    /**
     * Takes ownership of {@code kernelFd} and builds a poller on it; if building fails, everything
     * acquired so far (the fd included) is released, the failures of that added as suppressed.
     *
     * @param kernelFd the poller's kernel fd, or -1 if it has none
     * @param closer how to close it
     * @param builder builds the poller
     * @param <P> the poller type
     * @return the poller
     * @throws IOException what the builder threw
     */
    public static <P> P open(int kernelFd, FdCloser closer, Builder<P> builder) throws IOException {
        NativeResources resources = new NativeResources(kernelFd, closer);
        try {
            return builder.build(resources);
        } catch (IOException | RuntimeException | Error e) {
            resources.closeAfter(e);
            throw e;
        }
    }

    /** @return the kernel fd, or -1 */
    public int kernelFd() {
        return kernelFd;
    }

    /**
     * Opens the best wakeup here ({@link Wakeups#open()}) and owns it.
     *
     * @return the wakeup
     * @throws IOException if none can be opened
     */
    public Wakeup openWakeup() throws IOException {
        return own(Wakeups.open());
    }

    /**
     * Owns a wakeup opened by the caller (e.g. {@link Wakeups#openPipe()}).
     *
     * @param w the wakeup
     * @return {@code w}
     */
    public Wakeup own(Wakeup w) {
        if (wakeup != null) {
            throw new IllegalStateException("a poller has one wakeup");
        }
        wakeup = w;
        wakeupFds = w.fds();
        return w;
    }

    /** @return the wakeup, or null if the poller wakes itself through its kernel object (EVFILT_USER) */
    public Wakeup wakeup() {
        return wakeup;
    }

    /**
     * Allocates native memory freed when the poller closes.
     *
     * @param bytes the size, 1 or more
     * @return zeroed memory
     */
    public NativeBuffer allocate(long bytes) {
        NativeBuffer b = NativeBuffer.allocate(bytes);
        frees.add(b::free);
        return b;
    }

    /**
     * @param entrySize bytes per native event
     * @param initialEntries entries to start with
     * @return a growing event array freed when the poller closes
     */
    public EventArray eventArray(int entrySize, int initialEntries) {
        EventArray a = new EventArray(entrySize, initialEntries);
        frees.add(a::free);
        return a;
    }

    /** @return a struct timespec of this platform, freed when the poller closes */
    public Timespec timespec() {
        return new Timespec(allocate(Timespec.LAYOUT.size));
    }

    /**
     * Frees {@code free} when the poller closes (native memory of a structure of the backend's own).
     *
     * @param free the release, idempotent
     */
    public void freeOnClose(Runnable free) {
        frees.add(free);
    }

    /**
     * @param fd an fd
     * @return whether it is the kernel fd or one of the wakeup's fds
     */
    public boolean isOwnFd(int fd) {
        if (fd < 0) {
            return false;
        }
        if (fd == kernelFd) {
            return true;
        }
        for (int w : wakeupFds) {
            if (w == fd) {
                return true;
            }
        }
        return false;
    }

    /** @return the wakeup's fds (none when there is no wakeup fd), for tests */
    public int[] wakeupFds() {
        return wakeupFds.clone();
    }

    /**
     * Releases the wakeup, the kernel fd and the memory, in that order, all of them whatever fails.
     * Idempotent.
     *
     * @throws IOException the first failure, the others suppressed
     */
    public void close() throws IOException {
        IOException first = closeAfter(null);
        if (first != null) {
            throw first;
        }
    }

    private IOException closeAfter(Throwable pending) {
        if (closed) {
            return null;
        }
        closed = true;
        Failures failures = new Failures(pending);
        if (wakeup != null) {
            failures.run(wakeup::close);
        }
        if (kernelFd >= 0) {
            failures.run(() -> closer.close(kernelFd));
        }
        for (Runnable free : frees) {
            failures.run(free::run);
        }
        return failures.first;
    }

    /** Collects failures: into a pending exception's suppressed list, or the first becomes the one thrown. */
    private static final class Failures {
        private final Throwable pending;
        IOException first;

        Failures(Throwable pending) {
            this.pending = pending;
        }

        void run(Release r) {
            try {
                r.run();
            } catch (IOException | RuntimeException e) {
                if (pending != null) {
                    pending.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof IOException ? (IOException) e : new IOException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Release {
        void run() throws IOException;
    }
}
