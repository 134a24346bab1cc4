/**
 * What the native backends share: libc through JNR-FFI, errno to exceptions, the fd of a JDK
 * channel, file identity and wakeup fds. Internal to fdmux: its API may change in any release.
 */
module io.github.fdmux.unix {
    requires transitive io.github.fdmux.api;
    requires transitive org.jnrproject.ffi;
    requires transitive org.jnrproject.posix;
    requires org.jnrproject.constants;
    requires org.jnrproject.jffi;

    // JNR-FFI is an automatic module: it reads every module but makes the JVM resolve none. It
    // generates its native stubs with ASM, whose jars are explicit modules, so they are required
    // here; without it the first binding fails with NoClassDefFoundError: org/objectweb/asm/ClassVisitor.
    requires org.objectweb.asm;
    requires org.objectweb.asm.commons;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires org.objectweb.asm.util;

    // sun.misc.Unsafe: ChannelFd's fallback when java.base/sun.nio.ch is not exported to this
    // module, and jffi's memory access. On the class path the JVM resolves it by default; on the
    // module path only when a module requires it.
    requires jdk.unsupported;

    exports io.github.fdmux.unix;
}
