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

    /**
     * Raw kevent records as each kernel fills them (the bytes at the offsets of its header, not
     * written through KeventLayout.put), read back through the layout and decoded: a reset seen
     * by EVFILT_READ (XNU filt_soread_common, FreeBSD/OpenBSD filt_soread: EV_EOF, fflags =
     * so_error) and a pipe whose reader is gone seen by EVFILT_WRITE (XNU filt_pipe_draincommon).
     */
    @Test
    void eachPlatformsRawRecordsDecode() {
        int[][] offsets = { // size, filter width, flags offset, flags width, fflags offset, data offset, udata offset
            {32, 2, 10, 2, 12, 16, 24}, // macos, openbsd, libkqueue
            {64, 2, 10, 2, 12, 16, 24}, // freebsd 12+
            {40, 4, 12, 4, 16, 24, 32}, // netbsd kevent50
            {72, 4, 12, 4, 16, 24, 32}, // netbsd kevent100
        };
        KeventLayout[][] byShape = {
            {KeventLayout.MACOS, KeventLayout.OPENBSD, KeventLayout.LIBKQUEUE},
            {KeventLayout.FREEBSD},
            {KeventLayout.NETBSD_KEVENT50},
            {KeventLayout.NETBSD_KEVENT100},
        };
        for (int shape = 0; shape < offsets.length; shape++) {
            int[] o = offsets[shape];
            for (KeventLayout layout : byShape[shape]) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocateDirect(o[0] * 2).order(java.nio.ByteOrder.nativeOrder());
                raw(bb, 0, o, 7, layout.evfiltRead, EV_EOF | 0x0001, ECONNRESET, 0, 11);
                raw(bb, o[0], o, 8, layout.evfiltWrite, EV_EOF | EV_CLEAR, 0, 512, 12);
                jnr.ffi.Pointer p = jnr.ffi.Pointer.wrap(jnr.ffi.Runtime.getSystemRuntime(), bb);
                assertEquals(7, layout.ident(p, 0), layout.name());
                assertEquals(11, layout.udata(p, 0), layout.name());
                assertEquals(512, layout.data(p, 1), layout.name());
                assertEquals("readable+readClosed+error", decode(layout, p, 0), layout.name());
                assertEquals("writable+writeClosed", decode(layout, p, 1), layout.name());
            }
        }
    }

    private static void raw(java.nio.ByteBuffer bb, int base, int[] o, long ident, int filter, int flags, int fflags,
            long data, long udata) {
        bb.putLong(base, ident);
        if (o[1] == 2) {
            bb.putShort(base + 8, (short) filter);
        } else {
            bb.putInt(base + 8, filter);
        }
        if (o[3] == 2) {
            bb.putShort(base + o[2], (short) flags);
        } else {
            bb.putInt(base + o[2], flags);
        }
        bb.putInt(base + o[4], fflags);
        bb.putLong(base + o[5], data);
        bb.putLong(base + o[6], udata);
    }

    private static String decode(KeventLayout layout, jnr.ffi.Pointer p, int i) {
        int filter = layout.filter(p, i);
        int which = filter == layout.evfiltRead ? READ_FILTER : filter == layout.evfiltWrite ? WRITE_FILTER : 0;
        return ReadyEvent.describe(KqueueReadiness.readyOps(which, layout.flags(p, i), layout.fflags(p, i)));
    }

    private static String describe(int filter, int flags, int fflags) {
        return ReadyEvent.describe(KqueueReadiness.readyOps(filter, flags, fflags));
    }
}
