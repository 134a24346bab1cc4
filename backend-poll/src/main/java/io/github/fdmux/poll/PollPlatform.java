package io.github.fdmux.poll;

import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/**
 * One platform's {@code struct pollfd} layout, POLL* constants and {@code nfds_t} width: the only
 * place these numbers live. Each table cites the header its values come from.
 *
 * <p>{@code struct pollfd} is {@code {int fd; short events; short revents;}} on every platform
 * here: 8 bytes, fd at 0, events at 4, revents at 6, no padding (an int then two shorts is
 * naturally aligned). The core POLL* bits are the historical SVR4 values everywhere here; what
 * differs is {@code POLLRDHUP} (a Linux extension, also in FreeBSD since 2021; absent on macOS and
 * OpenBSD), the type of {@code nfds_t}, and what the kernel means by POLLHUP ({@link Hangup}).
 * NetBSD and DragonFly BSD are refused before any table is looked at
 * ({@link io.github.fdmux.unix.SupportedPlatforms}): they have none here.
 *
 * @param name         a label for messages and tests
 * @param size         {@code sizeof(struct pollfd)}
 * @param fdOffset     offset of {@code int fd}
 * @param eventsOffset offset of {@code short events}
 * @param reventsOffset offset of {@code short revents}
 * @param pollIn       {@code POLLIN}: data to read (or a connection to accept, or EOF)
 * @param pollPri      {@code POLLPRI}: urgent (out-of-band) data
 * @param pollOut      {@code POLLOUT}: writing will not block
 * @param pollErr      {@code POLLERR}: error condition, reported whether asked or not
 * @param pollHup      {@code POLLHUP}: hang-up, reported whether asked or not
 * @param pollNval     {@code POLLNVAL}: the fd is not open, reported whether asked or not
 * @param pollRdHup    {@code POLLRDHUP}: the peer shut down its write side; 0 where the platform has none
 * @param nfdsIsLong   {@code nfds_t} is {@code unsigned long} (Linux) rather than {@code unsigned int}
 * @param hangup       what POLLHUP means there, for {@link PollReadiness#readyOps}
 * @param variant      the name {@link io.github.fdmux.Capabilities#variant()} reports where the answers
 *                     differ from Linux's (the conformance catalogue's per-OS expectations), "" on Linux
 */
record PollPlatform(String name, int size, int fdOffset, int eventsOffset, int reventsOffset,
        int pollIn, int pollPri, int pollOut, int pollErr, int pollHup, int pollNval, int pollRdHup,
        boolean nfdsIsLong, Hangup hangup, String variant) {

    /** What a platform's poll(2) means by POLLHUP; see {@link PollReadiness#readyOps}. */
    enum Hangup {
        /** Linux: POLLHUP is both directions gone, and comes with POLLOUT where writing would not block. */
        LINUX,
        /**
         * FreeBSD, OpenBSD: POLLHUP is both directions gone (a pipe's other end closed), and the kernel
         * never sets POLLOUT with it (FreeBSD {@code pollscan}, OpenBSD {@code ppollcollect}).
         */
        POSIX,
        /**
         * macOS: poll(2) runs on kqueue, and POLLHUP is EV_EOF of whichever filter the entry's events
         * registered (XNU {@code poll_callback}): it says nothing about the other direction.
         */
        KQUEUE
    }

    /**
     * Linux: values from {@code include/uapi/asm-generic/poll.h} (POLLIN 0x1, POLLPRI 0x2, POLLOUT
     * 0x4, POLLERR 0x8, POLLHUP 0x10, POLLNVAL 0x20, POLLRDHUP 0x2000, since 2.6.17), used by
     * x86_64, aarch64, riscv64, ppc64le, s390x and loongarch64 (sparc's own asm/poll.h moves
     * POLLRDHUP to 0x800; jffi does ship a sparcv9-Linux stub, so Linux on sparc and mips is refused
     * up front by {@link io.github.fdmux.unix.SupportedPlatforms}). glibc {@code <sys/poll.h>}:
     * {@code typedef unsigned long int nfds_t}.
     */
    static final PollPlatform LINUX = new PollPlatform("Linux", 8, 0, 4, 6,
            0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0x2000, true, Hangup.LINUX, "");

    /**
     * macOS: xnu {@code bsd/sys/poll.h} (POLLIN 0x0001, POLLPRI 0x0002, POLLOUT 0x0004, POLLERR
     * 0x0008, POLLHUP 0x0010, POLLNVAL 0x0020; no POLLRDHUP), {@code typedef unsigned int nfds_t}.
     */
    static final PollPlatform DARWIN = new PollPlatform("macOS", 8, 0, 4, 6,
            0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0, false, Hangup.KQUEUE, "macos");

    /**
     * FreeBSD: {@code sys/sys/poll.h} (the same core values, and {@code POLLRDHUP 0x4000}, "half
     * shut down", added in 2021; a kernel from before never sets a bit it does not know, so asking
     * for it is harmless there), {@code typedef unsigned int nfds_t}.
     */
    static final PollPlatform FREEBSD = new PollPlatform("FreeBSD", 8, 0, 4, 6,
            0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0x4000, false, Hangup.POSIX, "freebsd");

    /**
     * OpenBSD: {@code sys/sys/poll.h} (POLLIN 0x0001 ... POLLNVAL 0x0020; no POLLRDHUP),
     * {@code typedef unsigned int nfds_t}.
     */
    static final PollPlatform OPENBSD = new PollPlatform("OpenBSD", 8, 0, 4, 6,
            0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0, false, Hangup.POSIX, "openbsd");

    /**
     * @param os a JNR platform OS
     * @return its table, or null where fdmux has none (NetBSD, DragonFly, Solaris, AIX, Windows, ...)
     */
    static PollPlatform forOs(Platform.OS os) {
        return io.github.fdmux.unix.SupportedPlatforms.byOs(os, LINUX, DARWIN, FREEBSD, OPENBSD);
    }

    /** @return whether the platform can report a half-close through POLLRDHUP */
    boolean hasRdHup() {
        return pollRdHup != 0;
    }

    /**
     * Writes a whole entry, clearing revents.
     *
     * @param array the pollfd array
     * @param index entry index
     * @param fd the fd (negative: poll(2) skips the entry and sets its revents to 0)
     * @param events requested POLL* bits
     */
    void put(Pointer array, int index, int fd, int events) {
        long base = (long) index * size;
        array.putInt(base + fdOffset, fd);
        array.putShort(base + eventsOffset, (short) events);
        array.putShort(base + reventsOffset, (short) 0);
    }

    /**
     * Rewrites fd and events of an entry, leaving revents alone.
     *
     * @param array the pollfd array
     * @param index entry index
     * @param fd the fd
     * @param events requested POLL* bits
     */
    void update(Pointer array, int index, int fd, int events) {
        long base = (long) index * size;
        array.putInt(base + fdOffset, fd);
        array.putShort(base + eventsOffset, (short) events);
    }

    /**
     * @param array the pollfd array
     * @param index entry index
     * @return its fd
     */
    int fd(Pointer array, int index) {
        return array.getInt((long) index * size + fdOffset);
    }

    /**
     * @param array the pollfd array
     * @param index entry index
     * @return its requested events, as an unsigned 16-bit value
     */
    int events(Pointer array, int index) {
        return array.getShort((long) index * size + eventsOffset) & 0xffff;
    }

    /**
     * @param array the pollfd array
     * @param index entry index
     * @return its returned events, as an unsigned 16-bit value
     */
    int revents(Pointer array, int index) {
        return array.getShort((long) index * size + reventsOffset) & 0xffff;
    }
}
