package io.github.fdmux.iouring;

/**
 * libc's {@code syscall(2)} through a JNR interface, for the io_uring calls off the hot path (glibc
 * has no wrappers for them) and for mmap/munmap of the rings: JNR 2.3.4's generated six-argument
 * call lost the sixth argument here (libc's {@code mmap} bound directly answered EINVAL from glibc's
 * offset check without entering the kernel), while this seven-argument one passes all intact. Keeps
 * errno. syscall(2) is variadic in C; see {@link FastSyscall} for why fixed arguments are right here.
 */
public interface IoUringLibrary {
    /**
     * syscall(2) with six arguments (unused ones 0), for the set-up and tear-down calls
     * (io_uring_setup, mmap, munmap). Seven Java arguments take JNR's general invoker, which
     * allocates per call but passes every argument intact; the hot path uses {@link FastSyscall}.
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
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
