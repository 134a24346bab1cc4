package io.github.fdmux.unix;

import java.util.Locale;

/**
 * Explains why JNR could not be used, with a hint only where the exception shows its usual cause:
 * classes missing from the class path or module path (ASM, jffi, JNR), jffi unable to map the stub
 * it extracted (a noexec or read-only {@code java.io.tmpdir}), or no stub for this platform.
 * Anything else is reported as it is, without a guess.
 */
final class NativeLoadFailure {
    private NativeLoadFailure() {
    }

    /**
     * @param e what loading JNR or libc threw
     * @return one or two sentences: what failed, and what fixes it when the cause is recognised
     */
    static String describe(Throwable e) {
        String hint = hint(e);
        return "JNR could not load its native stub (" + e + ")" + (hint == null ? "" : ". " + hint);
    }

    /** @return the usual fix for this failure, or null when the exception does not show one */
    static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String missing = message.replace('.', '/');
                if (missing.startsWith("org/objectweb/asm")) {
                    return "JNR-FFI generates its bindings with ASM, which is missing: put asm, asm-commons, asm-tree,"
                            + " asm-analysis and asm-util (org.ow2.asm, the versions jnr-ffi depends on) on the class"
                            + " path or module path";
                }
                if (missing.startsWith("com/kenai/jffi") || missing.startsWith("jnr/")) {
                    return "a JNR jar is missing (" + message + "): put jnr-ffi and its dependencies (jffi, jffi's"
                            + " native jar, jnr-constants, jnr-posix) on the class path or module path";
                }
                if (missing.startsWith("sun/misc/")) {
                    return "module jdk.unsupported is not in the boot layer (a jlink image without it?)";
                }
            }
            if (t instanceof UnsatisfiedLinkError) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("failed to map segment") || lower.contains("operation not permitted")
                        || lower.contains("permission denied") || lower.contains("read-only file system")) {
                    return "jffi extracts its stub into java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                            + "), which looks noexec or read-only here: set -Djffi.extract.dir=<an exec-capable directory>";
                }
                if (lower.contains("could not locate stub library")) {
                    return "jffi's native jar (com.github.jnr:jffi, classifier native) is missing, or has no stub for "
                            + System.getProperty("os.name") + " on " + System.getProperty("os.arch");
                }
            }
        }
        return null;
    }
}
