package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.byref.IntByReference;

/**
 * Asks the kernel about an fd without touching any poller's state: {@code ioctl(FIONREAD)} for the
 * bytes queued, {@code poll(2)} with POLLRDHUP for a received FIN. Loopback TCP delivers data and
 * FINs a moment after the peer's call returns (in softirq); the model-based harness waits with this
 * until the kernel has what the model says, so that every arrival happened before the next step.
 * Linux only (the constants below are Linux's, from asm-generic/ioctls.h and asm-generic/poll.h).
 */
final class KernelProbe {
    /** FIONREAD, asm-generic/ioctls.h (x86_64, aarch64, riscv64). */
    private static final long FIONREAD = 0x541B;
    /** POLLIN, asm-generic/poll.h. */
    private static final short POLLIN = 0x1;
    /** POLLRDHUP, asm-generic/poll.h. */
    private static final short POLLRDHUP = 0x2000;

    /** The two calls, straight from libc. */
    public interface Lib {
        /**
         * @param fds a struct pollfd array
         * @param nfds entries
         * @param timeout ms
         * @return ready entries or -1
         */
        int poll(Pointer fds, int nfds, int timeout);

        /**
         * @param fd fd
         * @param request FIONREAD
         * @param count out: bytes queued
         * @return 0 or -1
         */
        @Variadic(fixedCount = 2)
        int ioctl(int fd, long request, IntByReference count);
    }

    private static final Lib LIB = Native.isLinux()
            ? LibraryLoader.create(Lib.class).load(Platform.getNativePlatform().getStandardCLibraryName()) : null;

    private KernelProbe() {
    }

    /** @return whether the probe works here (Linux) */
    static boolean available() {
        return LIB != null;
    }

    /**
     * @param fd a socket
     * @return bytes queued for reading
     */
    static int queued(int fd) {
        IntByReference n = new IntByReference();
        if (LIB.ioctl(fd, FIONREAD, n) < 0) {
            throw new IllegalStateException(Native.exception("ioctl(FIONREAD)", fd, Native.errno()).getMessage());
        }
        return n.intValue();
    }

    /**
     * @param fd a socket
     * @return whether the peer's FIN has arrived
     */
    static boolean finReceived(int fd) {
        try (NativeBuffer pfd = NativeBuffer.allocate(8)) {
            Pointer p = pfd.pointer();
            p.putInt(0, fd);
            p.putShort(4, (short) (POLLIN | POLLRDHUP));
            p.putShort(6, (short) 0);
            int r = LIB.poll(p, 1, 0);
            if (r < 0) {
                throw new IllegalStateException(Native.exception("poll", fd, Native.errno()).getMessage());
            }
            return (p.getShort(6) & POLLRDHUP) != 0;
        }
    }

    /**
     * Waits until the kernel has {@code bytes} queued on {@code fd} and, if {@code fin}, the FIN.
     *
     * @param fd the registered end
     * @param bytes what the model says is queued
     * @param fin whether the model says the peer shut down or closed
     */
    static void settle(int fd, int bytes, boolean fin) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (queued(fd) != bytes || fin && !finReceived(fd)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("loopback TCP did not deliver within 5 s: fd " + fd + " has "
                        + queued(fd) + " bytes queued (model: " + bytes + "), FIN " + finReceived(fd) + " (model: "
                        + fin + ")");
            }
            Thread.onSpinWait();
        }
    }
}
