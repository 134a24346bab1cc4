package io.github.fdmux.unix;

import java.io.Closeable;
import java.io.IOException;

/**
 * An fd a poller watches so another thread can interrupt its wait: eventfd on Linux, a
 * non-blocking pipe elsewhere (or where eventfd is refused, e.g. by a sandbox).
 *
 * <p>{@link #signal()} and {@link #drain()} may run in different threads; {@link #close()} only
 * when neither runs. The poller coalesces signals, so the fd never fills up.
 */
public interface Wakeup extends Closeable {

    /** @return the fd to register for reading */
    int readFd();

    /** @return {@code "eventfd"} or {@code "pipe"} */
    String mechanism();

    /**
     * Makes {@link #readFd()} readable.
     *
     * @throws IOException if the write fails
     */
    void signal() throws IOException;

    /**
     * Reads until {@link #readFd()} is no longer readable.
     *
     * @throws IOException if the read fails (other than EAGAIN)
     */
    void drain() throws IOException;

    /** @return the fds this wakeup holds, for tests that count them */
    int[] fds();

    /**
     * Closes its fds and native memory. Idempotent.
     *
     * @throws IOException if a close fails
     */
    @Override
    void close() throws IOException;
}
