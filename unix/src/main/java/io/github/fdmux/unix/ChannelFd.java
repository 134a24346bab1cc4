package io.github.fdmux.unix;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.channels.SelectableChannel;

/**
 * Finds the file descriptor of a JDK {@link SelectableChannel}, without requiring
 * {@code --add-opens} on the command line.
 *
 * <p>Three ways, tried in order:
 * <ol>
 *   <li>{@code sun.nio.ch.SelChImpl.getFDVal()}, the JDK's own accessor, when the package is
 *       exported to fdmux ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, or the
 *       {@code Add-Exports} manifest attribute of an executable jar). Clean and silent.</li>
 *   <li>a public {@code int getFD()} method, as channels from other providers (e.g. JNR's) have.</li>
 *   <li>reading the JDK channel's private {@code int fdVal} field through
 *       {@code sun.misc.Unsafe} (module jdk.unsupported, open to everyone). Works on JDK 17 to 25
 *       without flags; from JDK 24 the JVM prints a one-time warning about Unsafe's memory-access
 *       methods, which the export above avoids.</li>
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class ChannelFd {
    private static final MethodHandle GET_FD_VAL = exportedAccessor();
    private static final ClassValue<FdReader> READERS = new ClassValue<>() {
        @Override
        protected FdReader computeValue(Class<?> type) {
            return readerFor(type);
        }
    };

    private ChannelFd() {
    }

    /** Reads the fd of one channel class. */
    @FunctionalInterface
    interface FdReader {
        int fd(Object channel) throws Throwable;
    }

    /**
     * @param channel an open channel
     * @return its file descriptor
     * @throws IllegalArgumentException if this channel class has no fd fdmux can find (the message
     *     names the class and suggests the NIO backend)
     */
    public static int of(SelectableChannel channel) {
        FdReader reader = READERS.get(channel.getClass());
        try {
            int fd = reader.fd(channel);
            if (fd < 0) {
                throw new IllegalArgumentException(channel + " has no valid fd (" + fd + "); is it closed?");
            }
            return fd;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading the fd of " + channel.getClass().getName() + " failed", t);
        }
    }

    /** @return which way is used for JDK channels: {@code "SelChImpl.getFDVal (exported)"} or {@code "Unsafe field read"} */
    public static String strategy() {
        return GET_FD_VAL != null ? "SelChImpl.getFDVal (sun.nio.ch exported)" : "Unsafe read of fdVal";
    }

    private static MethodHandle exportedAccessor() {
        try {
            Module base = Object.class.getModule();
            if (!base.isExported("sun.nio.ch", ChannelFd.class.getModule())) {
                return null;
            }
            Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
            return MethodHandles.lookup().findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static FdReader readerFor(Class<?> type) {
        if (GET_FD_VAL != null) {
            try {
                Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
                if (selChImpl.isAssignableFrom(type)) {
                    MethodHandle mh = GET_FD_VAL.asType(MethodType.methodType(int.class, Object.class));
                    return ch -> (int) mh.invokeExact(ch);
                }
            } catch (ClassNotFoundException e) {
                // fall through
            }
        }
        FdReader viaMethod = publicGetFd(type);
        if (viaMethod != null) {
            return viaMethod;
        }
        FdReader viaField = UnsafeFieldReader.forClass(type);
        if (viaField != null) {
            return viaField;
        }
        return ch -> {
            throw new IllegalArgumentException("cannot find the file descriptor of " + type.getName()
                    + ": it is neither a JDK channel nor has a public int getFD(); register it with the NIO backend");
        };
    }

    private static FdReader publicGetFd(Class<?> type) {
        try {
            Method m = type.getMethod("getFD");
            if (m.getReturnType() == int.class && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                MethodHandle mh = MethodHandles.publicLookup().unreflect(m)
                        .asType(MethodType.methodType(int.class, Object.class));
                return ch -> (int) mh.invokeExact(ch);
            }
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // not such a channel
        }
        return null;
    }

    /** The Unsafe path, isolated so the JVM never touches Unsafe when the export is present. */
    static final class UnsafeFieldReader {
        private static final sun.misc.Unsafe UNSAFE = loadUnsafe();

        private UnsafeFieldReader() {
        }

        private static sun.misc.Unsafe loadUnsafe() {
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return (sun.misc.Unsafe) f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        @SuppressWarnings({"removal", "deprecation"})
        static FdReader forClass(Class<?> type) {
            if (UNSAFE == null) {
                return null;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                if (!c.getName().startsWith("sun.nio.ch.")) {
                    continue;
                }
                try {
                    Field f = c.getDeclaredField("fdVal");
                    if (f.getType() != int.class || Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    long offset = UNSAFE.objectFieldOffset(f);
                    return ch -> UNSAFE.getInt(ch, offset);
                } catch (NoSuchFieldException e) {
                    // try the superclass
                }
            }
            return null;
        }
    }
}
