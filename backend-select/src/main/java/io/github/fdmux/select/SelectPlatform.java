package io.github.fdmux.select;

import jnr.ffi.Platform;

/**
 * One platform's {@code fd_set} and timeout layouts: the only place these numbers live. Each table
 * cites the header its values come from.
 *
 * <p>An {@code fd_set} is an array of {@code FD_SETSIZE / NFDBITS} words; fd {@code n} is bit
 * {@code n % NFDBITS} of word {@code n / NFDBITS} (the {@code FD_SET} macro of every header here),
 * and the words are stored in the machine's byte order. What differs between platforms is the
 * word's width ({@code __fd_mask}: {@code long} on Linux and FreeBSD, a 32-bit integer on macOS
 * and OpenBSD); {@code FD_SETSIZE} is 1024 on all four (NetBSD's 256 does not matter: fdmux's
 * native backends do not run there, see {@link io.github.fdmux.unix.SupportedPlatforms}). On a
 * little-endian machine the two widths put every fd on the same byte and bit; on a big-endian one
 * they do not, which is why the width is part of the table.
 *
 * <p>The timeout of select(2) is a {@code struct timeval}: {@code time_t tv_sec} at 0 (64 bits on
 * LP64) and {@code suseconds_t tv_usec} at 8, whose width differs (a {@code long} on Linux and
 * the BSDs, a 32-bit {@code int} on macOS, then padded to 16 bytes).
 * pselect(2) takes a {@code struct timespec}, written by {@link io.github.fdmux.unix.Timespec} as for
 * the other backends.
 *
 * @param name         a label for messages and tests
 * @param fdSetSize    {@code FD_SETSIZE}: select(2) watches fds 0 to FD_SETSIZE - 1 only
 * @param wordBytes    {@code sizeof(__fd_mask)} on LP64: 8 or 4
 * @param usecBytes    the width of {@code timeval.tv_usec} on LP64: 8 or 4
 */
record SelectPlatform(String name, int fdSetSize, int wordBytes, int usecBytes) {
    /** {@code sizeof(struct timeval)} on LP64, on every platform here (macOS pads its 32-bit tv_usec). */
    static final int TIMEVAL_SIZE = 16;
    /** The offset of {@code tv_sec}, a 64-bit {@code time_t}. */
    static final int TV_SEC_OFFSET = 0;
    /** The offset of {@code tv_usec}, {@link #usecBytes()} wide. */
    static final int TV_USEC_OFFSET = 8;
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /**
     * Linux with glibc: {@code <bits/typesizes.h>} {@code #define __FD_SETSIZE 1024};
     * {@code <sys/select.h>} {@code typedef long int __fd_mask} and {@code __NFDBITS (8 * (int)
     * sizeof (__fd_mask))}; {@code <bits/types/struct_timeval.h>} {@code __suseconds_t tv_usec}
     * (a long). musl agrees ({@code FD_SETSIZE 1024}, {@code unsigned long fds_bits[]}). The kernel
     * itself takes any nfds up to RLIMIT_NOFILE (fs/select.c core_sys_select), but the C library's
     * {@code fd_set} and {@code FD_SET} stop at 1024, so fdmux does too.
     */
    static final SelectPlatform LINUX = new SelectPlatform("Linux", 1024, 8, 8);

    /**
     * macOS: xnu {@code bsd/sys/_types/_fd_def.h} ({@code __DARWIN_FD_SETSIZE 1024},
     * {@code __DARWIN_NFDBITS (sizeof(__int32_t) * __DARWIN_NBBY)}, {@code __int32_t fds_bits[]});
     * {@code bsd/sys/_types/_timeval.h} ({@code __darwin_suseconds_t tv_usec}, an
     * {@code __int32_t}).
     */
    static final SelectPlatform DARWIN = new SelectPlatform("macOS", 1024, 4, 4);

    /**
     * FreeBSD: {@code sys/sys/select.h} ({@code typedef unsigned long __fd_mask},
     * {@code FD_SETSIZE 1024}); {@code sys/sys/_timeval.h} ({@code suseconds_t tv_usec}, a
     * {@code long} per {@code sys/sys/_types.h}).
     */
    static final SelectPlatform FREEBSD = new SelectPlatform("FreeBSD", 1024, 8, 8);

    /**
     * OpenBSD: {@code sys/sys/select.h} ({@code FD_SETSIZE 1024}, {@code typedef uint32_t
     * __fd_mask}); {@code sys/sys/_time.h} ({@code suseconds_t tv_usec}, a {@code long}).
     */
    static final SelectPlatform OPENBSD = new SelectPlatform("OpenBSD", 1024, 4, 8);

    /**
     * @param os a JNR platform OS
     * @return its table, or null where fdmux has none (NetBSD and DragonFly, refused up front by
     *     {@link io.github.fdmux.unix.SupportedPlatforms}; Solaris, AIX, Windows, ...)
     */
    static SelectPlatform forOs(Platform.OS os) {
        return io.github.fdmux.unix.SupportedPlatforms.byOs(os, LINUX, DARWIN, FREEBSD, OPENBSD);
    }

    /** @return {@code NFDBITS}, the fds per word */
    int bitsPerWord() {
        return wordBytes * 8;
    }

    /** @return {@code sizeof(fd_set)} */
    int fdSetBytes() {
        return fdSetSize / 8;
    }

    /**
     * @param nfds the highest fd + 1
     * @return how many words hold fds 0 to nfds - 1
     */
    int wordsFor(int nfds) {
        return (nfds + bitsPerWord() - 1) / bitsPerWord();
    }

    /**
     * Writes a timeout as this platform's {@code struct timeval}, rounded up to whole microseconds so
     * that a wait never ends before the time asked (the poll loop waits out any rest); the carry goes
     * into {@code tv_sec}: POSIX select(2) takes {@code tv_usec} below 1,000,000 only (an invalid
     * timeout is EINVAL).
     *
     * @param p at least {@link #TIMEVAL_SIZE} bytes
     * @param nanos 0 or more
     */
    void putTimeval(jnr.ffi.Pointer p, long nanos) {
        long micros = nanos / NANOS_PER_MICRO + (nanos % NANOS_PER_MICRO == 0 ? 0 : 1);
        p.putLong(TV_SEC_OFFSET, micros / MICROS_PER_SECOND);
        if (usecBytes == 8) {
            p.putLong(TV_USEC_OFFSET, micros % MICROS_PER_SECOND);
        } else {
            p.putInt(TV_USEC_OFFSET, (int) (micros % MICROS_PER_SECOND));
        }
    }
}
