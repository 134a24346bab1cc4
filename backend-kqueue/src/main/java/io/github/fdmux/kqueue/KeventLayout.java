package io.github.fdmux.kqueue;

import jnr.ffi.Pointer;

/**
 * The one table of {@code struct kevent} layouts and the constants that differ between kqueue
 * implementations, each with the header it comes from. Only LP64 platforms are described (every
 * platform jffi ships 64-bit stubs for); {@link KqueueNative} refuses 32-bit JVMs.
 *
 * <p>The fields are always, in order: {@code ident} (uintptr_t), {@code filter}, {@code flags},
 * {@code fflags} (u32), {@code data} (64-bit), {@code udata} (pointer). What differs:
 * <ul>
 *   <li>{@code filter} and {@code flags} are 16-bit everywhere but NetBSD, where both are uint32_t
 *       (so {@code fflags} moves to 16 and {@code data}, 8-aligned, to 24);</li>
 *   <li>FreeBSD 12+ and NetBSD 11+ append {@code uint64_t ext[4]};</li>
 *   <li>NetBSD numbers its filters from 0 upwards; the others count down from -1;</li>
 *   <li>{@code EVFILT_USER} is -10 on macOS and OpenBSD, -11 on FreeBSD and libkqueue, 8 on NetBSD;
 *       {@code EVFILT_PROC}, {@code EVFILT_SIGNAL}, {@code EVFILT_TIMER} are -5, -6, -7 everywhere but
 *       NetBSD (4, 5, 6);</li>
 *   <li>{@code NOTE_NSECONDS}, the EVFILT_TIMER unit flag for nanoseconds, is 0x4 in XNU and
 *       libkqueue, 0x8 in FreeBSD, 3 in OpenBSD and NetBSD ({@link #timerUnitFlag});</li>
 *   <li>NetBSD's libc exports the current {@code kevent} under a versioned name ({@code <sys/event.h>}:
 *       {@code __RENAME(__kevent50)}, {@code __RENAME(__kevent100)} from NetBSD 11) and takes
 *       {@code size_t} counts; plain {@code kevent} there is the compatibility entry for binaries
 *       with a 32-bit {@code time_t}, so it must never be bound.</li>
 * </ul>
 * The action and flag bits ({@link #EV_ADD} ...) are the same in every one of these headers.
 *
 * <p>The NetBSD layouts are not reachable today: fdmux refuses NetBSD up front (jnr-ffi 2.3.4 does
 * not recognise it and jffi 1.4.3 has no NetBSD stub; {@link io.github.fdmux.unix.SupportedPlatforms}).
 * They stay, unit-tested, so that a port starts from values checked against the headers.
 */
enum KeventLayout {
    /**
     * macOS, x86_64 and arm64: XNU {@code bsd/sys/event.h} (xnu-11417), {@code struct kevent} under
     * {@code #pragma pack(4)}, which changes nothing on LP64: 32 bytes. EVFILT_USER (-10);
     * EVFILT_PROC, EVFILT_SIGNAL, EVFILT_TIMER (-5, -6, -7); {@code NOTE_NSECONDS 0x00000004}.
     */
    MACOS(new Row("macos", "XNU bsd/sys/event.h").size(32).filter(2).flags(10, 2).fflags(12).data(16).udata(24)
            .filters(-1, -2, -10).entry("kevent", false).sources(-5, -6, -7).timerUnit(0x4)),
    /**
     * FreeBSD 12 and later: {@code sys/sys/event.h}, {@code __int64_t data} and
     * {@code __uint64_t ext[4]} after udata (the 32-byte FreeBSD 11 layout is
     * {@code struct kevent_freebsd11}, reachable only through the old symbol version): 64 bytes.
     * EVFILT_USER (-11); EVFILT_PROC, EVFILT_SIGNAL, EVFILT_TIMER (-5, -6, -7);
     * {@code NOTE_NSECONDS 0x00000008} (with NOTE_MSECONDS 0x2 and NOTE_USECONDS 0x4: the bits
     * differ from XNU's).
     */
    FREEBSD(new Row("freebsd", "FreeBSD sys/sys/event.h (12+)").size(64).filter(2).flags(10, 2).fflags(12).data(16)
            .udata(24).filters(-1, -2, -11).entry("kevent", false).sources(-5, -6, -7).timerUnit(0x8)),
    /**
     * OpenBSD 5.5 and later: {@code sys/sys/event.h} ({@code __uintptr_t ident}, {@code __int64_t
     * data}): 32 bytes. EVFILT_USER (-10) exists from {@code event.h} 1.74 (May 2025, OpenBSD 7.8);
     * older kernels answer EINVAL and the poller falls back to a pipe. EVFILT_PROC, EVFILT_SIGNAL,
     * EVFILT_TIMER (-5, -6, -7). Timers in milliseconds ({@code NOTE_MSECONDS 0x00000000}, the
     * unit of every OpenBSD): {@code NOTE_NSECONDS 0x00000003} exists only in recent headers, and
     * an older kernel would take a nanosecond count as milliseconds.
     */
    OPENBSD(new Row("openbsd", "OpenBSD sys/sys/event.h 1.74").size(32).filter(2).flags(10, 2).fflags(12).data(16)
            .udata(24).filters(-1, -2, -10).entry("kevent", false).sources(-5, -6, -7).timerUnit(KeventLayout.MILLISECONDS)),
    /**
     * NetBSD up to 10: {@code sys/sys/event.h} 1.45 ({@code uint32_t filter, flags, fflags},
     * then {@code int64_t data} at 24 after 4 bytes of padding): 40 bytes, entry point
     * {@code __kevent50}. Still served by NetBSD 11 as {@code struct kevent100}
     * ({@code sys/compat/sys/event.h} 1.4). EVFILT_READ 0U, EVFILT_WRITE 1U, EVFILT_USER 8U,
     * EVFILT_PROC 4U, EVFILT_SIGNAL 5U, EVFILT_TIMER 6U; timers in milliseconds ({@code NOTE_MSECONDS 0}).
     */
    NETBSD_KEVENT50(new Row("netbsd", "NetBSD sys/sys/event.h 1.45 / compat/sys/event.h (struct kevent100)").size(40)
            .filter(4).flags(12, 4).fflags(16).data(24).udata(32).filters(0, 1, 8).entry("__kevent50", true)
            .sources(4, 5, 6).timerUnit(KeventLayout.MILLISECONDS)),
    /**
     * NetBSD 11 and later: the same plus {@code uint64_t ext[4]}: 72 bytes, entry point
     * {@code __kevent100} (the 40-byte form is kept for old binaries as {@code struct kevent100}).
     */
    NETBSD_KEVENT100(new Row("netbsd", "NetBSD sys/sys/event.h (11+, __kevent100)").size(72).filter(4).flags(12, 4)
            .fflags(16).data(24).udata(32).filters(0, 1, 8).entry("__kevent100", true).sources(4, 5, 6)
            .timerUnit(KeventLayout.MILLISECONDS)),
    /**
     * libkqueue on Linux: its {@code include/sys/event.h.in} declares the FreeBSD 11 form
     * ({@code uintptr_t ident; short filter; unsigned short flags; unsigned int fflags; intptr_t
     * data; void *udata}): 32 bytes. EVFILT_USER (-11); EVFILT_PROC, EVFILT_SIGNAL, EVFILT_TIMER
     * (-5, -6, -7); {@code NOTE_NSECONDS 0x0004} ("as supported and defined in kevent64", XNU's
     * value), which src/linux/timer.c converts to a timerfd interval.
     */
    LIBKQUEUE(new Row("libkqueue", "libkqueue include/sys/event.h.in").size(32).filter(2).flags(10, 2).fflags(12)
            .data(16).udata(24).filters(-1, -2, -11).entry("kevent", false).sources(-5, -6, -7).timerUnit(0x4));

    // The action and flag bits, identical in XNU bsd/sys/event.h, FreeBSD, OpenBSD 1.74 and NetBSD
    // 1.45 sys/sys/event.h, and libkqueue include/sys/event.h.in.

    /** {@code EV_ADD} 0x0001: add the event (re-adding modifies it). */
    static final int EV_ADD = 0x0001;
    /** {@code EV_DELETE} 0x0002: remove it. */
    static final int EV_DELETE = 0x0002;
    /** {@code EV_ENABLE} 0x0004: let it be reported (re-arms an EV_DISPATCH event). */
    static final int EV_ENABLE = 0x0004;
    /** {@code EV_DISABLE} 0x0008: keep it but do not report it. */
    static final int EV_DISABLE = 0x0008;
    /** {@code EV_ONESHOT} 0x0010: delete the event after it is retrieved once. */
    static final int EV_ONESHOT = 0x0010;
    /** {@code EV_CLEAR} 0x0020: reset the state after it is retrieved (edge-triggered). */
    static final int EV_CLEAR = 0x0020;
    /** {@code EV_RECEIPT} 0x0040: answer every change with an EV_ERROR entry, data 0 on success. */
    static final int EV_RECEIPT = 0x0040;
    /** {@code EV_DISPATCH} 0x0080: disable the event after it is retrieved. */
    static final int EV_DISPATCH = 0x0080;
    /** {@code EV_ERROR} 0x4000 (returned): data holds an errno (0 in a receipt). */
    static final int EV_ERROR = 0x4000;
    /** {@code EV_EOF} 0x8000 (returned): end of file; fflags may hold the socket error. */
    static final int EV_EOF = 0x8000;
    /** {@code NOTE_TRIGGER} 0x01000000: fires an EVFILT_USER event. */
    static final int NOTE_TRIGGER = 0x0100_0000;
    /**
     * {@code NOTE_EXIT} 0x80000000: EVFILT_PROC, the process exited; the same value in XNU
     * bsd/sys/event.h, FreeBSD, OpenBSD and NetBSD sys/sys/event.h and libkqueue include/sys/event.h.in.
     */
    static final int NOTE_EXIT = 0x8000_0000;
    /**
     * {@link #timerUnitFlag} of a layout whose timers are given in milliseconds, the unit every
     * kqueue takes with no unit flag (OpenBSD and NetBSD name it {@code NOTE_MSECONDS}, 0).
     */
    static final int MILLISECONDS = 0;

    /** The name {@link io.github.fdmux.Capabilities#variant()} reports, e.g. {@code "macos"}. */
    final String variant;
    /** Where the values come from. */
    final String header;
    /** {@code sizeof(struct kevent)}. */
    final int size;
    final int filterWidth;
    final int flagsOffset;
    final int flagsWidth;
    final int fflagsOffset;
    final int dataOffset;
    final int udataOffset;
    /** {@code EVFILT_READ}. */
    final int evfiltRead;
    /** {@code EVFILT_WRITE}. */
    final int evfiltWrite;
    /** {@code EVFILT_USER}. */
    final int evfiltUser;
    /** {@code EVFILT_PROC}. */
    final int evfiltProc;
    /** {@code EVFILT_SIGNAL}. */
    final int evfiltSignal;
    /** {@code EVFILT_TIMER}. */
    final int evfiltTimer;
    /**
     * The EVFILT_TIMER {@code fflags} fdmux sends: {@code NOTE_NSECONDS} where fdmux gives timers in
     * nanoseconds, or {@link #MILLISECONDS} (no flag) where it gives them in milliseconds rounded up.
     */
    final int timerUnitFlag;
    /** The libc symbol of {@code kevent} for this layout. */
    final String keventSymbol;
    /** Whether {@code nchanges} and {@code nevents} are {@code size_t} (else {@code int}). */
    final boolean sizeTCounts;

    /** {@code ident} is always the first field: offset 0, 8 bytes. */
    static final int IDENT_OFFSET = 0;
    /** {@code filter} always follows ident: offset 8. */
    static final int FILTER_OFFSET = 8;

    KeventLayout(Row r) {
        this.variant = r.variant;
        this.header = r.header;
        this.size = r.size;
        this.filterWidth = r.filterWidth;
        this.flagsOffset = r.flagsOffset;
        this.flagsWidth = r.flagsWidth;
        this.fflagsOffset = r.fflagsOffset;
        this.dataOffset = r.dataOffset;
        this.udataOffset = r.udataOffset;
        this.evfiltRead = r.evfiltRead;
        this.evfiltWrite = r.evfiltWrite;
        this.evfiltUser = r.evfiltUser;
        this.evfiltProc = r.evfiltProc;
        this.evfiltSignal = r.evfiltSignal;
        this.evfiltTimer = r.evfiltTimer;
        this.timerUnitFlag = r.timerUnitFlag;
        this.keventSymbol = r.keventSymbol;
        this.sizeTCounts = r.sizeTCounts;
    }

    /** One row of the table, every value named where it is given. */
    private static final class Row {
        final String variant;
        final String header;
        int size;
        int filterWidth;
        int flagsOffset;
        int flagsWidth;
        int fflagsOffset;
        int dataOffset;
        int udataOffset;
        int evfiltRead;
        int evfiltWrite;
        int evfiltUser;
        int evfiltProc;
        int evfiltSignal;
        int evfiltTimer;
        int timerUnitFlag;
        String keventSymbol;
        boolean sizeTCounts;

        Row(String variant, String header) {
            this.variant = variant;
            this.header = header;
        }

        /** {@code sizeof(struct kevent)}. */
        Row size(int bytes) {
            size = bytes;
            return this;
        }

        /** {@code filter}, at {@link KeventLayout#FILTER_OFFSET}: 2 ({@code short}) or 4 bytes. */
        Row filter(int width) {
            filterWidth = width;
            return this;
        }

        Row flags(int offset, int width) {
            flagsOffset = offset;
            flagsWidth = width;
            return this;
        }

        Row fflags(int offset) {
            fflagsOffset = offset;
            return this;
        }

        Row data(int offset) {
            dataOffset = offset;
            return this;
        }

        Row udata(int offset) {
            udataOffset = offset;
            return this;
        }

        /** {@code EVFILT_READ}, {@code EVFILT_WRITE}, {@code EVFILT_USER}. */
        Row filters(int read, int write, int user) {
            evfiltRead = read;
            evfiltWrite = write;
            evfiltUser = user;
            return this;
        }

        /** {@code EVFILT_PROC}, {@code EVFILT_SIGNAL}, {@code EVFILT_TIMER}. */
        Row sources(int proc, int signal, int timer) {
            evfiltProc = proc;
            evfiltSignal = signal;
            evfiltTimer = timer;
            return this;
        }

        /** {@code NOTE_NSECONDS} of the header, or {@link #MILLISECONDS} to give timers in milliseconds. */
        Row timerUnit(int flag) {
            timerUnitFlag = flag;
            return this;
        }

        /** The libc symbol of {@code kevent} and whether its counts are {@code size_t}. */
        Row entry(String symbol, boolean sizeT) {
            keventSymbol = symbol;
            sizeTCounts = sizeT;
            return this;
        }
    }

    /** Copies kevent {@code from} over kevent {@code to} ({@code to <= from}) in an event list. */
    void copy(Pointer array, int from, int to) {
        if (from == to) {
            return;
        }
        long src = (long) from * size;
        long dst = (long) to * size;
        for (int off = 0; off < size; off += 8) {
            array.putLong(dst + off, array.getLong(src + off));
        }
    }

    /**
     * Writes one change, zeroing the padding and {@code ext[]} (FreeBSD reads ext[0..1] for some
     * filters, and garbage in them must never reach the kernel).
     *
     * @param array the change list
     * @param index the entry
     * @param ident fd, or the EVFILT_USER identifier
     * @param filter an EVFILT_* value of this layout
     * @param flags EV_* bits
     * @param fflags filter flags (NOTE_*)
     * @param data filter data
     * @param udata what the kernel hands back (a registration token)
     */
    void put(Pointer array, int index, long ident, int filter, int flags, int fflags, long data, long udata) {
        long base = (long) index * size;
        for (int off = 0; off < size; off += 8) {
            array.putLong(base + off, 0L);
        }
        array.putLong(base + IDENT_OFFSET, ident);
        if (filterWidth == 2) {
            array.putShort(base + FILTER_OFFSET, (short) filter);
        } else {
            array.putInt(base + FILTER_OFFSET, filter);
        }
        if (flagsWidth == 2) {
            array.putShort(base + flagsOffset, (short) flags);
        } else {
            array.putInt(base + flagsOffset, flags);
        }
        array.putInt(base + fflagsOffset, fflags);
        array.putLong(base + dataOffset, data);
        array.putLong(base + udataOffset, udata);
    }

    long ident(Pointer array, int index) {
        return array.getLong((long) index * size + IDENT_OFFSET);
    }

    /** @return the filter, sign-extended where it is a C {@code short} */
    int filter(Pointer array, int index) {
        long at = (long) index * size + FILTER_OFFSET;
        return filterWidth == 2 ? array.getShort(at) : array.getInt(at);
    }

    /** @return the flags, zero-extended where they are an {@code unsigned short} */
    int flags(Pointer array, int index) {
        long at = (long) index * size + flagsOffset;
        return flagsWidth == 2 ? array.getShort(at) & 0xffff : array.getInt(at);
    }

    int fflags(Pointer array, int index) {
        return array.getInt((long) index * size + fflagsOffset);
    }

    long data(Pointer array, int index) {
        return array.getLong((long) index * size + dataOffset);
    }

    long udata(Pointer array, int index) {
        return array.getLong((long) index * size + udataOffset);
    }

    /**
     * @param filter an EVFILT_* value of this layout
     * @return its name, for messages
     */
    String filterName(int filter) {
        if (filter == evfiltRead) {
            return "EVFILT_READ";
        }
        if (filter == evfiltWrite) {
            return "EVFILT_WRITE";
        }
        if (filter == evfiltUser) {
            return "EVFILT_USER";
        }
        if (filter == evfiltProc) {
            return "EVFILT_PROC";
        }
        if (filter == evfiltSignal) {
            return "EVFILT_SIGNAL";
        }
        if (filter == evfiltTimer) {
            return "EVFILT_TIMER";
        }
        return "filter " + filter;
    }

    /**
     * The EVFILT_TIMER {@code data} for an interval, in this layout's unit ({@link #timerUnitFlag}).
     * Never 0: libkqueue's timerfd takes an interval of 0 as "disarm" and would never fire, so a
     * timer due at once is given the smallest interval instead.
     *
     * @param nanos the interval, 0 or more
     * @return nanoseconds, or milliseconds rounded up (a timer never fires early); at least 1
     */
    long timerData(long nanos) {
        if (timerUnitFlag != MILLISECONDS) {
            return Math.max(1, nanos);
        }
        return Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1));
    }

    /**
     * @param flags EV_* action bits of a change
     * @return e.g. {@code "EV_ADD|EV_ENABLE"}, for messages
     */
    static String actionNames(int flags) {
        StringBuilder sb = new StringBuilder();
        append(sb, flags, EV_ADD, "EV_ADD");
        append(sb, flags, EV_DELETE, "EV_DELETE");
        append(sb, flags, EV_ENABLE, "EV_ENABLE");
        append(sb, flags, EV_DISABLE, "EV_DISABLE");
        append(sb, flags, EV_ONESHOT, "EV_ONESHOT");
        append(sb, flags, EV_CLEAR, "EV_CLEAR");
        append(sb, flags, EV_DISPATCH, "EV_DISPATCH");
        return sb.length() == 0 ? "0" : sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
