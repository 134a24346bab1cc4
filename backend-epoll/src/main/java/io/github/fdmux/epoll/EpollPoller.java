package io.github.fdmux.epoll;

import static io.github.fdmux.epoll.EpollConstants.EPOLLIN;
import static io.github.fdmux.epoll.EpollConstants.EPOLL_CLOEXEC;
import static io.github.fdmux.epoll.EpollConstants.EPOLL_CTL_ADD;
import static io.github.fdmux.epoll.EpollConstants.EPOLL_CTL_DEL;
import static io.github.fdmux.epoll.EpollConstants.EPOLL_CTL_MOD;

import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.DuplicateCheck;
import io.github.fdmux.spi.Timeouts;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.EventArray;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.NativePoller;
import io.github.fdmux.unix.NativeResources;
import io.github.fdmux.unix.Timespec;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * A poller on one epoll instance. Registrations carry their token in {@code epoll_data.u64};
 * the wakeup eventfd carries {@link #WAKEUP_TOKEN}. epoll_ctl is thread-safe in the kernel, so
 * changes from any thread go straight to the kernel (under the poller's lock, which orders them
 * with the decoding of results).
 */
final class EpollPoller extends NativePoller<EpollRegistration> {
    /** No registration token has all bits set (the slot half would be -1). */
    static final long WAKEUP_TOKEN = -1L;
    /**
     * epoll keys its interest list by (fd number, open file): EPOLL_CTL_ADD of a number that still
     * names a registered file fails with EEXIST, and succeeds once that file was closed and the number
     * reused. That answers "duplicate or stale?" without an fstat per register.
     */
    private static final DuplicateCheck EEXIST = DuplicateCheck.byKernelRefusal(
            failure -> failure instanceof NativeCallException && ((NativeCallException) failure).errno() == Errnos.EEXIST);

    private final EpollLibrary lib;
    private final EpollEventLayout layout = EpollEventLayout.current();
    private final boolean pwait2;
    private final int epfd;
    /** One epoll_event for epoll_ctl; used under the lock. */
    private final NativeBuffer ctlEvent;
    /** For epoll_pwait2; used by the polling thread. */
    private final Timespec timespec;
    /** The epoll_wait result array; used by the polling thread. */
    private final EventArray events;

    private EpollPoller(Capabilities caps, String reason, EpollNative nat, NativeResources res) {
        super(caps, reason, EEXIST, res, EpollRegistration::new);
        this.lib = nat.lib();
        this.pwait2 = nat.pwait2();
        this.epfd = res.kernelFd();
        this.ctlEvent = res.allocate(layout.size());
        this.timespec = res.timespec();
        this.events = res.eventArray(layout.size(), 64);
    }

    static EpollPoller open(Capabilities caps, String reason, EpollNative nat) throws IOException {
        int epfd = nat.lib().epoll_create1(EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw EpollNative.createFailure(Native.errno());
        }
        return NativeResources.open(epfd, Native::close, res -> {
            int wakeupFd = res.openWakeup().readFd();
            EpollPoller poller = new EpollPoller(caps, reason, nat, res);
            synchronized (poller.lock) {
                poller.ctl(EPOLL_CTL_ADD, wakeupFd, EPOLLIN, WAKEUP_TOKEN);
            }
            return poller;
        });
    }

    @Override
    protected void implRegister(EpollRegistration r) throws IOException {
        ctl(EPOLL_CTL_ADD, r.fd(), EpollReadiness.interestBits(r.interest(), r.mode(), r.isExclusive()), r.token());
    }

    @Override
    protected void implModify(EpollRegistration r, Interest interest) throws IOException {
        ctl(EPOLL_CTL_MOD, r.fd(), EpollReadiness.interestBits(interest, r.mode(), false), r.token());
    }

    @Override
    protected void implRearm(EpollRegistration r) throws IOException {
        ctl(EPOLL_CTL_MOD, r.fd(), EpollReadiness.interestBits(r.interest(), r.mode(), false), r.token());
    }

    @Override
    protected void implCancel(EpollRegistration r) {
        if (lib.epoll_ctl(epfd, EPOLL_CTL_DEL, r.fd(), ctlEvent.pointer()) < 0) {
            int err = Native.errno();
            // EBADF: the fd was closed (the kernel dropped it then). ENOENT: closed and the number
            // reused by a file that is not registered. Both mean "already gone".
            if (err != Errnos.EBADF && err != Errnos.ENOENT) {
                System.getLogger("io.github.fdmux").log(System.Logger.Level.WARNING,
                        Native.exception("epoll_ctl(EPOLL_CTL_DEL)", r.fd(), err).getMessage());
            }
        }
        countChange();
    }

    private void ctl(int op, int fd, int bits, long token) throws NativeCallException {
        layout.put(ctlEvent.pointer(), 0, bits, token);
        countChange();
        if (lib.epoll_ctl(epfd, op, fd, ctlEvent.pointer()) < 0) {
            int err = Native.errno();
            String call = "epoll_ctl(" + EpollConstants.ctlName(op) + ")";
            if (err == Errnos.EPERM) {
                throw Native.exception(call, fd, err, "epoll refuses regular files and /dev/null (they are always"
                        + " ready); use the POLL or KQUEUE backend for them");
            }
            throw Native.exception(call, fd, err);
        }
    }

    @Override
    protected int implWait(int maxEvents, long timeoutNanos) throws IOException {
        Pointer buf = events.ensure(maxEvents);
        int n;
        if (timeoutNanos <= 0) {
            n = lib.epoll_wait(epfd, buf, maxEvents, timeoutNanos < 0 ? -1 : 0);
        } else if (pwait2) {
            n = lib.epoll_pwait2(epfd, buf, maxEvents, timespec.set(timeoutNanos), null);
        } else {
            n = lib.epoll_wait(epfd, buf, maxEvents, Timeouts.millisRoundedUp(timeoutNanos));
        }
        if (n < 0) {
            int err = Native.errno();
            if (err == Errnos.EINTR) {
                return INTERRUPTED;
            }
            throw Native.exception(pwait2 && timeoutNanos > 0 ? "epoll_pwait2" : "epoll_wait", epfd, err);
        }
        return n;
    }

    @Override
    protected void implDecode(int rawCount) throws IOException {
        Pointer buf = events.pointer();
        for (int i = 0; i < rawCount; i++) {
            long token = layout.data(buf, i);
            if (token == WAKEUP_TOKEN) {
                wakeupReceived();
                continue;
            }
            EpollRegistration r = lookup(token);
            if (r != null) {
                deliver(r, EpollReadiness.readyOps(layout.events(buf, i)));
            }
        }
    }

    /** @return the epoll fd, for tests */
    int epfd() {
        return epfd;
    }
}
