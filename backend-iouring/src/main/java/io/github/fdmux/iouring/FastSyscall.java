package io.github.fdmux.iouring;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallContextCache;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * libc's {@code syscall(number, a1..a5)} called through jffi (JNR's native layer) directly, for the
 * one call on the hot path, io_uring_enter: {@link Invoker#invokeN6} passes six integer arguments
 * without allocating. Bound through a JNR interface instead, a six-argument method lost its sixth
 * argument here (JNR 2.3.4's generated fast path: the kernel saw garbage in io_uring_enter's argp,
 * and mmap's offset failed glibc's alignment check), and the seven-argument one allocates a heap
 * invocation buffer per call.
 *
 * <p>syscall(2) is variadic in C; calling it with fixed arguments is right on the two architectures
 * this backend runs on: integer variadic arguments travel in the same registers as fixed ones
 * (System V AMD64 ABI; AAPCS64 as Linux uses it), and glibc's syscall() is assembly that moves those
 * registers into the kernel's. Thread-safe.
 */
final class FastSyscall {
    private final CallContext context;
    private final long function;
    private final Invoker invoker = Invoker.getInstance();

    private FastSyscall(CallContext context, long function) {
        this.context = context;
        this.function = function;
    }

    /**
     * @return the binding
     * @throws UnsatisfiedLinkError if libc has no {@code syscall}
     */
    static FastSyscall bind() {
        Type l = Type.SINT64;
        CallContext ctx = CallContextCache.getInstance().getCallContext(l, new Type[] {l, l, l, l, l, l},
                CallingConvention.DEFAULT, true);
        long fn = Library.getDefault().getSymbolAddress("syscall");
        if (fn == 0) {
            throw new UnsatisfiedLinkError("libc has no syscall: " + Library.getLastError());
        }
        return new FastSyscall(ctx, fn);
    }

    /**
     * @param number system call number
     * @param a1 first argument
     * @param a2 second argument
     * @param a3 third argument
     * @param a4 fourth argument
     * @param a5 fifth argument
     * @return the result, or -1 with errno saved (read it with {@link #errno()})
     */
    long call(long number, long a1, long a2, long a3, long a4, long a5) {
        return invoker.invokeN6(context, function, number, a1, a2, a3, a4, a5);
    }

    /** @return errno saved by the last call of this thread */
    static int errno() {
        return LastError.getInstance().get();
    }
}
