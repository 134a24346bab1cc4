package io.github.fdmux.iouring;

import jnr.ffi.annotations.Variadic;

/**
 * The one libc entry point this backend calls through JNR: {@code syscall(2)}, for the io_uring
 * calls (glibc has no wrappers for them) and for mmap/munmap of the rings (JNR 2.3.4 passes the
 * six arguments of libc's {@code mmap} wrongly here - glibc answers EINVAL without entering the
 * kernel - while the same arguments through {@code syscall} arrive intact). Keeps errno.
 */
public interface IoUringLibrary {
    /**
     * syscall(2) with six arguments (unused ones 0). Variadic in C: the annotation makes JNR pass the
     * arguments the variadic way (the same registers as fixed ones on x86_64 and aarch64 Linux).
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
    @Variadic(fixedCount = 1)
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
