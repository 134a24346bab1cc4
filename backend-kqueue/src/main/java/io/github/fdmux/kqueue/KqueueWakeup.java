package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_CLEAR;
import static io.github.fdmux.kqueue.KeventLayout.NOTE_TRIGGER;

import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Wakeups;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * How a kevent wait blocked in another thread is woken: an EVFILT_USER event with EV_CLEAR, fired
 * with NOTE_TRIGGER (no fd at all, nothing to drain); where the kernel refuses EVFILT_USER (OpenBSD
 * before 7.8: EINVAL) a non-blocking pipe watched by EVFILT_READ, which the poller's
 * {@link NativeResources#wakeup()} then owns.
 */
final class KqueueWakeup {
    /** The EVFILT_USER identifier of the wakeup event (user identifiers are not fds). */
    static final long IDENT = 1;
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final KqueueNative nat;
    private final int kq;
    private final long token;
    /** The NOTE_TRIGGER change; used under the wakeup latch (where the poller's implWakeup runs). */
    private final NativeBuffer triggerChange;
    /** A user event's NOTE_TRIGGER change; used under the poller's lock. */
    private final NativeBuffer userTrigger;
    private final Pointer zeroTimeout;

    KqueueWakeup(KqueueNative nat, int kq, long token, NativeResources res, Pointer zeroTimeout) {
        this.nat = nat;
        this.kq = kq;
        this.token = token;
        this.zeroTimeout = zeroTimeout;
        this.triggerChange = res.allocate(nat.layout.size);
        this.userTrigger = res.allocate(nat.layout.size);
        nat.layout.put(triggerChange.pointer(), 0, IDENT, nat.layout.evfiltUser, 0, NOTE_TRIGGER, 0, token);
    }

    /**
     * Under the poller's lock: adds the EVFILT_USER event, or the pipe where the kernel does not know
     * EVFILT_USER (or {@code userEvent} is false: tests of the fallback).
     *
     * @return true if EVFILT_USER works here
     * @throws IOException if the kernel refuses both
     */
    boolean install(KeventBatch batch, NativeResources res, boolean userEvent) throws IOException {
        KeventLayout layout = nat.layout;
        if (userEvent) {
            batch.start();
            batch.add(IDENT, layout.evfiltUser, EV_ADD | EV_CLEAR, token);
            int err = batch.submitOne("kevent(EV_ADD EVFILT_USER)", IDENT);
            if (err == 0) {
                return true;
            }
            if (err != Errnos.EINVAL) {
                throw Native.exception("kevent(EV_ADD|EV_CLEAR EVFILT_USER)", kq, err);
            }
            LOG.log(System.Logger.Level.DEBUG, "KQUEUE: EVFILT_USER refused (EINVAL), waking up through a pipe");
        }
        int readFd = res.own(Wakeups.openPipe()).readFd();
        batch.start();
        batch.add(readFd, layout.evfiltRead, EV_ADD, token);
        int err = batch.submitOne("kevent(EV_ADD EVFILT_READ)", readFd);
        if (err != 0) {
            throw Native.exception("kevent(EV_ADD EVFILT_READ) of the wakeup pipe", readFd, err);
        }
        return false;
    }

    /** Fires the EVFILT_USER event. */
    void trigger() throws IOException {
        fire(triggerChange.pointer(), IDENT);
    }

    /**
     * Under the poller's lock: fires a user event's EVFILT_USER knote ({@link KqueueSources#trigger}).
     *
     * @param ident its identifier
     * @param token its udata
     * @throws IOException if the kernel refuses it
     */
    void triggerUserEvent(long ident, long token) throws IOException {
        nat.layout.put(userTrigger.pointer(), 0, ident, nat.layout.evfiltUser, 0, NOTE_TRIGGER, 0, token);
        fire(userTrigger.pointer(), ident);
    }

    /**
     * Sends one NOTE_TRIGGER change in a kevent call of its own: the wakeup's, or a user event's.
     *
     * @param change the NOTE_TRIGGER kevent
     * @param ident its EVFILT_USER identifier, for the error
     * @throws IOException if the kernel refuses it
     */
    private void fire(Pointer change, long ident) throws IOException {
        if (nat.kevent(kq, change, 1, null, 0, zeroTimeout) < 0) {
            int err = Native.errno();
            if (!KeventBatch.appliedDespite(err)) {
                throw Native.exception("kevent(EVFILT_USER NOTE_TRIGGER " + ident + ")", kq, err);
            }
        }
    }
}
