package io.github.fdmux.unix;

/**
 * Linux constants jnr-constants does not carry, each with the header it comes from. Values are
 * those of the generic asm headers (x86_64, aarch64, riscv64, ppc64le, s390x, loongarch64). The
 * architectures that differ and that jffi ships stubs for (sparcv9, mips64el: O_NONBLOCK is 0x4000
 * on sparc and 0x80 on mips) are refused up front by {@link SupportedPlatforms}; alpha and parisc
 * have no jffi stub.
 */
public final class LinuxConstants {
    /** {@code EFD_CLOEXEC} = O_CLOEXEC = 02000000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** {@code EFD_NONBLOCK} = O_NONBLOCK = 04000, {@code <sys/eventfd.h>} / asm-generic/fcntl.h. */
    public static final int EFD_NONBLOCK = 0x800;

    private LinuxConstants() {
    }
}
