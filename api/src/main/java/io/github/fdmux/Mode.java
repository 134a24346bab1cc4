package io.github.fdmux;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How readiness is reported for a registration.
 *
 * <table class="striped">
 * <caption>Modes and their kernel counterparts</caption>
 * <tr><th>mode</th><th>meaning</th><th>epoll</th><th>kqueue</th></tr>
 * <tr><td>{@link #LEVEL}</td><td>reported by every poll while the fd is ready</td><td>default</td><td>default</td></tr>
 * <tr><td>{@link #EDGE}</td><td>reported once per transition to ready (per arrival of data); the user must
 *   read or write until the call would block (EAGAIN)</td><td>EPOLLET</td><td>EV_CLEAR</td></tr>
 * <tr><td>{@link #ONESHOT}</td><td>reported once, then disarmed until {@link Registration#rearm()} or
 *   {@link Registration#modify(Interest)}; the registration is kept</td><td>EPOLLONESHOT</td><td>EV_DISPATCH</td></tr>
 * <tr><td>{@link #EDGE_ONESHOT}</td><td>edge and oneshot together</td><td>EPOLLET|EPOLLONESHOT</td>
 *   <td>EV_CLEAR|EV_DISPATCH</td></tr>
 * </table>
 *
 * <p>Whether a backend implements a mode natively, emulates it, or refuses it is told by
 * {@link Capabilities#support(Mode)}. A mode is never silently downgraded: registering an
 * unsupported mode throws {@link UnsupportedOperationException}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Mode {
    /** Reported on every poll while ready. */
    LEVEL(false, false),
    /** Reported once per transition to ready; drain to EAGAIN. */
    EDGE(true, false),
    /** Reported once, then silent until re-armed. */
    ONESHOT(false, true),
    /** Edge-triggered and disarmed after each report. */
    EDGE_ONESHOT(true, true);

    private final boolean edge;
    private final boolean oneshot;

    Mode(boolean edge, boolean oneshot) {
        this.edge = edge;
        this.oneshot = oneshot;
    }

    /** {@return true for {@link #EDGE} and {@link #EDGE_ONESHOT}} */
    public boolean isEdge() {
        return edge;
    }

    /** {@return true for {@link #ONESHOT} and {@link #EDGE_ONESHOT}: the registration needs a re-arm after each report} */
    public boolean isOneshot() {
        return oneshot;
    }

    /**
     * The lower-case, dash-separated name used on the command line, e.g. {@code "edge-oneshot"}.
     *
     * @return the mode's short name
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a mode name: {@code level}, {@code edge}, {@code oneshot}, {@code edge-oneshot}
     * (case and {@code -}/{@code _} ignored).
     *
     * @param name the name
     * @return the mode
     * @throws IllegalArgumentException if the name is not a mode; the message lists the valid names
     * @throws NullPointerException if {@code name} is null
     */
    public static Mode parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Mode m : values()) {
            if (m.id().equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; valid modes: "
                + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", ")));
    }
}
