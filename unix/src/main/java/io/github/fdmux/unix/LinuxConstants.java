package io.github.fdmux.unix;

/**
 * Linux constants jnr-constants does not carry, each with the header it comes from. Values are
 * those of x86_64 and aarch64 (the generic asm headers); the architectures that differ (alpha,
 * mips, parisc, sparc) are not supported by jffi's prebuilt stubs either.
 */
public final class LinuxConstants {
    /** {@code EFD_CLOEXEC} = O_CLOEXEC = 02000000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** {@code EFD_NONBLOCK} = O_NONBLOCK = 04000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_NONBLOCK = 0x800;

    private LinuxConstants() {
    }
}
