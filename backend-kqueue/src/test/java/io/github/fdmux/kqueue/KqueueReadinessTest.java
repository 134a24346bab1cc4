package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_CLEAR;
import static io.github.fdmux.kqueue.KeventLayout.EV_DISPATCH;
import static io.github.fdmux.kqueue.KeventLayout.EV_EOF;
import static io.github.fdmux.kqueue.KeventLayout.EV_ERROR;
import static io.github.fdmux.kqueue.KqueueReadiness.READ_FILTER;
import static io.github.fdmux.kqueue.KqueueReadiness.WRITE_FILTER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvent;
import org.junit.jupiter.api.Test;

class KqueueReadinessTest {
    private static final int ECONNRESET = 54; // any non-zero socket error

    @Test
    void modesMapToClearAndDispatch() {
        assertEquals(0, KqueueReadiness.modeFlags(Mode.LEVEL));
        assertEquals(EV_CLEAR, KqueueReadiness.modeFlags(Mode.EDGE));
        assertEquals(EV_DISPATCH, KqueueReadiness.modeFlags(Mode.ONESHOT));
        assertEquals(EV_CLEAR | EV_DISPATCH, KqueueReadiness.modeFlags(Mode.EDGE_ONESHOT));
    }

    @Test
    void decodesTheKernelsCombinations() {
        assertEquals("readable", describe(READ_FILTER, 0, 0));
        assertEquals("writable", describe(WRITE_FILTER, 0, 0));
        // Mode flags echoed back by the kernel change nothing.
        assertEquals("readable", describe(READ_FILTER, EV_CLEAR | EV_DISPATCH, 0));
        // FIN, or a pipe without writers: EV_EOF on the read filter, no error code.
        assertEquals("readable+readClosed", describe(READ_FILTER, EV_EOF, 0));
        // RST: EV_EOF with the socket error in fflags.
        assertEquals("readable+readClosed+error", describe(READ_FILTER, EV_EOF, ECONNRESET));
        // A pipe without readers (macOS): EV_EOF on the write filter.
        assertEquals("writable+writeClosed", describe(WRITE_FILTER, EV_EOF, 0));
        assertEquals("writable+writeClosed+error", describe(WRITE_FILTER, EV_EOF, ECONNRESET));
        // fflags without EV_EOF is filter data (e.g. NOTE_LOWAT), not an error.
        assertEquals("readable", describe(READ_FILTER, 0, 1));
        assertEquals("readable+error", describe(READ_FILTER, EV_ERROR, 0));
    }

    private static String describe(int filter, int flags, int fflags) {
        return ReadyEvent.describe(KqueueReadiness.readyOps(filter, flags, fflags));
    }
}
