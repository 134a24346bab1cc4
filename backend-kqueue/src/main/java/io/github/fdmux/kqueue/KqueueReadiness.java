package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_CLEAR;
import static io.github.fdmux.kqueue.KeventLayout.EV_DISPATCH;
import static io.github.fdmux.kqueue.KeventLayout.EV_EOF;
import static io.github.fdmux.kqueue.KeventLayout.EV_ERROR;

import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;

/**
 * The pure functions between fdmux's model and kevent's fields.
 *
 * <h2>Modes</h2>
 * LEVEL is plain EV_ADD; EDGE adds EV_CLEAR; ONESHOT adds EV_DISPATCH (the knote is disabled once
 * retrieved and kept, and {@code rearm()} sends EV_ENABLE); EDGE_ONESHOT both. EV_DISPATCH works per
 * knote, so when only one filter of a READ_WRITE oneshot registration fired, the decode step
 * disables the other one before the poll returns: the whole registration is disarmed, as with
 * EPOLLONESHOT, and one worker at a time owns the fd. {@code modify} re-arms and re-checks
 * readiness, like EPOLL_CTL_MOD: kept filters get EV_ENABLE (the kernels re-evaluate the filter on
 * any change: XNU kevent_register via f_touch, FreeBSD and OpenBSD kqueue_register), new ones
 * EV_ADD, dropped ones EV_DELETE; under libkqueue kept filters are deleted and added afresh.
 */
final class KqueueReadiness {
    /** Which of a registration's two kernel filters: bit for EVFILT_READ. */
    static final int READ_FILTER = 1;
    /** Bit for EVFILT_WRITE. */
    static final int WRITE_FILTER = 2;

    private KqueueReadiness() {
    }

    /**
     * @param interest an interest
     * @return the filters it needs: {@link #READ_FILTER} and/or {@link #WRITE_FILTER}
     */
    static int filters(io.github.fdmux.Interest interest) {
        return (interest.isReadable() ? READ_FILTER : 0) | (interest.isWritable() ? WRITE_FILTER : 0);
    }

    /**
     * The mode bits of an EV_ADD: EDGE is EV_CLEAR (the state resets once retrieved, so the next
     * report needs a new change), ONESHOT is EV_DISPATCH (disabled once retrieved, kept for
     * EV_ENABLE), EDGE_ONESHOT both. EV_ONESHOT would delete the knote and lose the registration.
     *
     * @param mode the mode
     * @return EV_CLEAR and/or EV_DISPATCH
     */
    static int modeFlags(Mode mode) {
        int flags = 0;
        if (mode.isEdge()) {
            flags |= EV_CLEAR;
        }
        if (mode.isOneshot()) {
            flags |= EV_DISPATCH;
        }
        return flags;
    }

    /**
     * Maps one retrieved kevent of a registration to fdmux readiness bits. The kernel rules encoded
     * (the same as mio's {@code sys/unix/selector/kqueue.rs}):
     * <ul>
     *   <li>readable: any EVFILT_READ event. It fires when data (or a connection) is there, or with
     *       EV_EOF when the peer is gone, and then a read returns at once (0 bytes, or the error);</li>
     *   <li>writable: any EVFILT_WRITE event, EV_EOF included (the write fails at once, EPIPE);</li>
     *   <li>readClosed: EV_EOF on the read filter (FIN received, or a pipe's writers gone; buffered
     *       data may still precede the end of file);</li>
     *   <li>writeClosed: EV_EOF on the write filter (peer gone, pipe reader closed);</li>
     *   <li>error: EV_ERROR, or EV_EOF with a non-zero fflags, which is where the kernel puts the
     *       socket error (e.g. ECONNRESET) when it reports end of file.</li>
     * </ul>
     * There is no kqueue counterpart of EPOLLHUP: a direction closes only in the filter that watches it.
     *
     * @param filter {@link #READ_FILTER} or {@link #WRITE_FILTER}
     * @param flags the event's EV_* flags
     * @param fflags the event's fflags
     * @return fdmux readiness bits
     */
    static int readyOps(int filter, int flags, int fflags) {
        boolean eof = (flags & EV_EOF) != 0;
        int ops = 0;
        if (filter == READ_FILTER) {
            ops |= ReadyEvents.READABLE;
            if (eof) {
                ops |= ReadyEvents.READ_CLOSED;
            }
        } else if (filter == WRITE_FILTER) {
            ops |= ReadyEvents.WRITABLE;
            if (eof) {
                ops |= ReadyEvents.WRITE_CLOSED;
            }
        }
        if ((flags & EV_ERROR) != 0 || (eof && fflags != 0)) {
            ops |= ReadyEvents.ERROR;
        }
        return ops;
    }
}
