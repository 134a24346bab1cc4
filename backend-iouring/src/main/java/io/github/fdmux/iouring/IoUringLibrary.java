package io.github.fdmux.iouring;

/**
 * The one libc entry point this backend calls through JNR: {@code syscall(2)}, for the io_uring
 * calls (glibc has no wrappers for them) and for mmap/munmap of the rings (JNR 2.3.4 passes the
 * six arguments of libc's {@code mmap} wrongly here - glibc answers EINVAL without entering the
 * kernel - while the same arguments through {@code syscall} arrive intact). Keeps errno.
 */
public interface IoUringLibrary {
    /**
     * syscall(2) with up to five arguments (unused ones 0): io_uring_enter without
     * IORING_ENTER_EXT_ARG needs no more (its sixth, argsz, is ignored when argp is 0). Variadic in C,
     * bound here as a fixed-argument function on purpose: on the two architectures this backend runs
     * on, integer variadic arguments travel in the same registers as fixed ones (System V AMD64 ABI;
     * AAPCS64 as Linux uses it - Apple's arm64 ABI, which puts them on the stack, is not a platform
     * of io_uring), and glibc's syscall() is assembly that moves those registers into the kernel's.
     * JNR's {@code @Variadic} invoker, and any call of more than six arguments, allocates on every
     * call, which the hot path must not; this one has six and does not.
     *
     * @param number the system call number
     * @param a1 first argument
     * @param a2 second argument
     * @param a3 third argument
     * @param a4 fourth argument
     * @param a5 fifth argument
     * @return the call's result, or -1 with errno set
     */
    long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    /**
     * syscall(2) with six arguments, bound to the same symbol (see {@link IoUringNative}): for mmap,
     * which needs six. Seven Java arguments take JNR's slower, allocating path: set-up only.
     *
     * @param number the system call number
     * @param a1 first argument
     * @param a2 second argument
     * @param a3 third argument
     * @param a4 fourth argument
     * @param a5 fifth argument
     * @param a6 sixth argument
     * @return the call's result, or -1 with errno set
     */
    long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
