package io.github.fdmux;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kernel mechanisms fdmux can drive. The declaration order is the order of
 * preference of the automatic choice (see {@link Pollers#open()}), except {@link #SELECT} and
 * {@link #IO_URING}, which are used only when named.
 *
 * <p>Immutable and thread-safe.
 */
public enum Backend {
    /** Linux epoll(7): epoll_create1, epoll_ctl, epoll_wait / epoll_pwait2. */
    EPOLL("epoll"),
    /** BSD/macOS kqueue(2) and kevent(2); on Linux only through libkqueue. */
    KQUEUE("kqueue"),
    /** POSIX poll(2) over an array of struct pollfd. */
    POLL("poll"),
    /** The JDK's {@link java.nio.channels.Selector}: channels only, runs everywhere the JDK does. */
    NIO("nio"),
    /**
     * POSIX select(2) (pselect where present) over fd_set bitmaps: fds below FD_SETSIZE (1024) only.
     * Named only ({@code FDMUX_BACKEND=select}): the automatic choice never picks it.
     */
    SELECT("select"),
    /**
     * Linux io_uring(7) used for readiness: IORING_OP_POLL_ADD requests on one ring. Never chosen
     * automatically: only when named.
     */
    IO_URING("io_uring");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /**
     * The lower-case name used by the {@code fdmux.backend} system property, the
     * {@code FDMUX_BACKEND} environment variable and the command line.
     *
     * @return the backend's short name, e.g. {@code "epoll"}
     */
    public String id() {
        return id;
    }

    /**
     * Parses a backend name, ignoring case and surrounding blanks.
     *
     * @param name a name such as {@code "epoll"} or {@code "POLL"}
     * @return the backend
     * @throws IllegalArgumentException if the name is not a backend; the message lists the valid names
     * @throws NullPointerException if {@code name} is null
     */
    public static Backend parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Backend b : values()) {
            if (b.id.equals(wanted)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; valid names: " + validNames());
    }

    /**
     * {@return the valid backend names, comma separated, in preference order}
     */
    public static String validNames() {
        return Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", "));
    }
}
