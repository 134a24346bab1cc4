package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_ADD;
import static io.github.fdmux.kqueue.KeventLayout.EV_DELETE;
import static io.github.fdmux.kqueue.KeventLayout.EV_ENABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Errnos;
import org.junit.jupiter.api.Test;

/** How KqueuePoller reads a refused or interrupted change, on any host (no kqueue needed). */
class KqueueChangeRulesTest {
    @Test
    void aClosedFdIsEnoentOnMacosAndEbadfOnFreebsdAndOpenbsd() {
        // macOS kevent_register: no knote and no EV_ADD -> ENOENT.
        assertTrue(KeventBatch.fdClosed(EV_ENABLE, Errnos.ENOENT));
        // FreeBSD/OpenBSD kqueue_register look the fd up first -> EBADF, with or without EV_ADD.
        assertTrue(KeventBatch.fdClosed(EV_ENABLE, Errnos.EBADF));
        assertTrue(KeventBatch.fdClosed(EV_ADD | EV_ENABLE, Errnos.EBADF));
        // ENOENT for an EV_ADD is not about a closed fd; other errnos neither.
        assertFalse(KeventBatch.fdClosed(EV_ADD | EV_ENABLE, Errnos.ENOENT));
        assertFalse(KeventBatch.fdClosed(EV_ENABLE, Errnos.EINVAL));
    }

    @Test
    void theRefusalOfAClosedFdSaysSoWhicheverErrnoTheKernelChose() {
        for (KeventLayout layout : new KeventLayout[] {KeventLayout.MACOS, KeventLayout.FREEBSD,
                KeventLayout.OPENBSD}) {
            for (int err : new int[] {Errnos.ENOENT, Errnos.EBADF}) {
                NativeCallException e = KeventBatch.refusal(layout, EV_ENABLE, layout.evfiltRead, 7, err);
                assertEquals(7, e.fd());
                assertTrue(e.getMessage().startsWith("kevent(EV_ENABLE EVFILT_READ) on fd 7"), e.getMessage());
                assertTrue(e.getMessage().contains("the fd was closed while registered"), e.getMessage());
            }
        }
        NativeCallException other = KeventBatch.refusal(KeventLayout.FREEBSD, EV_DELETE, -2, 7, Errnos.EINVAL);
        assertFalse(other.getMessage().contains("closed"), other.getMessage());
    }

    @Test
    void anInterruptedChangeOnlyCallHasAppliedItsChanges() {
        assertTrue(KeventBatch.appliedDespite(Errnos.EINTR));
        assertFalse(KeventBatch.appliedDespite(Errnos.EBADF));
        assertFalse(KeventBatch.appliedDespite(Errnos.EINVAL));
    }
}
