package io.github.fdmux.unix;

import io.github.fdmux.NativeCallException;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Fcntl;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.Shutdown;
import jnr.constants.platform.Sock;
import jnr.ffi.Pointer;

/**
 * Creating and configuring raw fds: pipes, socket pairs, non-blocking and close-on-exec flags.
 * Constant values come from jnr-constants, generated per platform from the system headers
 * ({@code <fcntl.h>}, {@code <sys/socket.h>}).
 *
 * <p>Thread-safe. Every failure is a {@link NativeCallException} naming the call and fd; nothing
 * created before a failure is leaked.
 */
public final class Fds {
    /** {@code FD_CLOEXEC} from {@code <fcntl.h>}: 1 on Linux, macOS and the BSDs. */
    public static final int FD_CLOEXEC = 1;

    private Fds() {
    }

    /**
     * Sets O_NONBLOCK.
     *
     * @param fd the fd
     * @throws NativeCallException if fcntl fails (EBADF for a closed fd)
     */
    public static void setNonBlocking(int fd) throws NativeCallException {
        LibC c = Native.libc();
        int flags = c.fcntl(fd, Fcntl.F_GETFL.intValue(), 0);
        if (flags < 0) {
            throw Native.exception("fcntl(F_GETFL)", fd, Native.errno());
        }
        if (c.fcntl(fd, Fcntl.F_SETFL.intValue(), flags | OpenFlags.O_NONBLOCK.intValue()) < 0) {
            throw Native.exception("fcntl(F_SETFL, O_NONBLOCK)", fd, Native.errno());
        }
    }

    /**
     * Sets FD_CLOEXEC so the fd does not leak into child processes.
     *
     * @param fd the fd
     * @throws NativeCallException if fcntl fails
     */
    public static void setCloseOnExec(int fd) throws NativeCallException {
        if (Native.libc().fcntl(fd, Fcntl.F_SETFD.intValue(), FD_CLOEXEC) < 0) {
            throw Native.exception("fcntl(F_SETFD, FD_CLOEXEC)", fd, Native.errno());
        }
    }

    /**
     * @param fd an fd number
     * @return whether it is open in this process
     */
    public static boolean isOpen(int fd) {
        return Native.libc().fcntl(fd, Fcntl.F_GETFD.intValue(), 0) >= 0;
    }

    /**
     * Creates a pipe whose both ends are non-blocking and close-on-exec.
     *
     * @return {read end, write end}
     * @throws NativeCallException if pipe or fcntl fails (no fd is left open then)
     */
    public static int[] nonBlockingPipe() throws NativeCallException {
        int[] fds = new int[2];
        if (Native.libc().pipe(fds) < 0) {
            throw Native.exception("pipe", -1, Native.errno());
        }
        return configure(fds);
    }

    /**
     * Creates a connected pair of AF_UNIX stream sockets, both non-blocking and close-on-exec.
     *
     * @return the two ends
     * @throws NativeCallException if socketpair or fcntl fails (no fd is left open then)
     */
    public static int[] nonBlockingSocketPair() throws NativeCallException {
        int[] fds = new int[2];
        if (Native.libc().socketpair(AddressFamily.AF_UNIX.intValue(), Sock.SOCK_STREAM.intValue(), 0, fds) < 0) {
            throw Native.exception("socketpair(AF_UNIX, SOCK_STREAM)", -1, Native.errno());
        }
        return configure(fds);
    }

    private static int[] configure(int[] fds) throws NativeCallException {
        try {
            for (int fd : fds) {
                setNonBlocking(fd);
                setCloseOnExec(fd);
            }
            return fds;
        } catch (NativeCallException e) {
            closeQuietly(fds[0]);
            closeQuietly(fds[1]);
            throw e;
        }
    }

    /**
     * shutdown(2) of the write side.
     *
     * @param fd a socket
     * @throws NativeCallException if shutdown fails
     */
    public static void shutdownOutput(int fd) throws NativeCallException {
        if (Native.libc().shutdown(fd, Shutdown.SHUT_WR.intValue()) < 0) {
            throw Native.exception("shutdown(SHUT_WR)", fd, Native.errno());
        }
    }

    /**
     * Writes {@code n} zero bytes to a raw fd in one write(2): small writes to a socket or pipe with
     * room never come back short, so a short one is reported.
     *
     * @param fd the fd
     * @param n bytes, 1 or more
     * @throws NativeCallException if write fails
     * @throws java.io.IOException if the write is short
     */
    public static void writeBytes(int fd, int n) throws java.io.IOException {
        try (NativeBuffer b = NativeBuffer.allocate(n)) {
            long w = Native.libc().write(fd, b.pointer(), n);
            if (w < 0) {
                throw Native.exception("write", fd, Native.errno());
            }
            if (w != n) {
                throw new java.io.IOException("short write on fd " + fd + ": " + w + " of " + n + " bytes");
            }
        }
    }

    /**
     * Reads a non-blocking fd until EAGAIN or end of file, retrying EINTR.
     *
     * @param fd the fd
     * @return bytes read
     * @throws NativeCallException if a read fails otherwise
     */
    public static long drain(int fd) throws NativeCallException {
        long total = 0;
        try (NativeBuffer b = NativeBuffer.allocate(65536)) {
            for (long r; (r = readNonBlocking(fd, b.pointer(), 65536, "read")) > 0; ) {
                total += r;
            }
            return total;
        }
    }

    /**
     * One read(2) of a non-blocking fd, retried on EINTR.
     *
     * @param fd the fd
     * @param buf where to read to
     * @param n the most bytes to read
     * @param call the call as an error names it, e.g. {@code read(eventfd)}
     * @return bytes read, 0 at end of file, -1 when there is nothing to read (EAGAIN)
     * @throws NativeCallException if the read fails otherwise
     */
    public static long readNonBlocking(int fd, Pointer buf, long n, String call) throws NativeCallException {
        return transfer(false, fd, buf, n, call);
    }

    /**
     * One write(2) to a non-blocking fd, retried on EINTR.
     *
     * @param fd the fd
     * @param buf what to write
     * @param n bytes
     * @param call the call as an error names it, e.g. {@code write(wakeup pipe)}
     * @return bytes written, or -1 when there is no room (EAGAIN)
     * @throws NativeCallException if the write fails otherwise
     */
    public static long writeNonBlocking(int fd, Pointer buf, long n, String call) throws NativeCallException {
        return transfer(true, fd, buf, n, call);
    }

    private static long transfer(boolean write, int fd, Pointer buf, long n, String call) throws NativeCallException {
        while (true) {
            long r = write ? Native.libc().write(fd, buf, n) : Native.libc().read(fd, buf, n);
            if (r >= 0) {
                return r;
            }
            int err = Native.errno();
            if (err == Errnos.EAGAIN) {
                return -1;
            }
            if (err != Errnos.EINTR) {
                throw Native.exception(call, fd, err);
            }
        }
    }

    /**
     * Moves an fd to a number 256 above the lowest free one (or just under the soft RLIMIT_NOFILE),
     * close-on-exec, and closes the old number. Tests that close a registered fd use it so that no
     * other thread's open() takes the freed number while they still poll it.
     *
     * @param fd the fd
     * @return its new number
     * @throws NativeCallException if dup, fcntl, getrlimit or close fails (the old fd is then still open)
     */
    public static int moveAboveLowestFree(int fd) throws NativeCallException {
        int lowest = Native.libc().dup(fd);
        if (lowest < 0) {
            throw Native.exception("dup", fd, Native.errno());
        }
        Native.close(lowest);
        long soft = ResourceLimits.noFile()[0];
        long floor = soft < 0 ? lowest + 256L : Math.min(lowest + 256L, soft - 1);
        int high = Native.libc().fcntl(fd, Fcntl.F_DUPFD.intValue(), (int) floor);
        if (high < 0) {
            throw Native.exception("fcntl(F_DUPFD, " + floor + ")", fd, Native.errno());
        }
        try {
            setCloseOnExec(high);
        } catch (NativeCallException e) {
            closeQuietly(high);
            throw e;
        }
        Native.close(fd);
        return high;
    }

    /**
     * Counts this process's open fds, for leak checks: the entries of {@code /proc/self/fd} (Linux)
     * or {@code /dev/fd} (macOS, the BSDs). Listing the directory opens one fd of its own for the
     * time of the call, the same in every count, so two counts compare.
     *
     * @return the number of open fds
     * @throws UnsupportedOperationException if neither directory lists them here
     */
    public static int openCount() {
        for (String dir : new String[] {"/proc/self/fd", "/dev/fd"}) {
            String[] entries = new java.io.File(dir).list();
            if (entries != null) {
                return entries.length;
            }
        }
        throw new UnsupportedOperationException("cannot count open fds: neither /proc/self/fd nor /dev/fd lists them"
                + " here");
    }

    /**
     * Closes an fd, ignoring failure: for error paths where a first failure is already being reported.
     *
     * @param fd the fd, or a negative number to do nothing
     */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            Native.libc().close(fd);
        }
    }
}
