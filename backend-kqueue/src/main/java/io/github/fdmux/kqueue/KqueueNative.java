package io.github.fdmux.kqueue;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.Availability;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBackendProvider;
import io.github.fdmux.unix.NativeBuffer;
import io.github.fdmux.unix.ProbeCache;
import io.github.fdmux.unix.Timespec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/**
 * The kqueue binding of this machine, probed once (again if {@value #LIBRARY_PROPERTY} changes):
 * which library, which {@link KeventLayout}, whether kqueue() works at all, and whether it takes EVFILT_USER.
 *
 * <p>macOS, FreeBSD 12+ and OpenBSD use libc (NetBSD and DragonFly BSD are refused up front:
 * {@link io.github.fdmux.unix.SupportedPlatforms}). Anywhere, {@value #LIBRARY_PROPERTY} names a
 * library to take kqueue and kevent from instead: on Linux that is how libkqueue is used (with its
 * own layout); on a BSD it only changes where the symbols come from.
 */
final class KqueueNative implements NativeBackendProvider.Probe {
    /** The system property naming a library that provides kqueue and kevent (libkqueue on Linux). */
    static final String LIBRARY_PROPERTY = "fdmux.kqueue.library";

    private static final ProbeCache<KqueueNative> PROBED = new ProbeCache<>(
            () -> probe(libraryProperty(), Platform.getNativePlatform().getOS(), System.getProperty("os.version", "")),
            KqueueNative::availability, n -> Objects.equals(n.property, libraryProperty()));

    final Availability availability;
    final KeventLayout layout;
    /** "libc" or the path of the library. */
    final String source;
    /**
     * Whether the probe's kqueue took an EVFILT_USER knote (every kqueue but OpenBSD before 7.8):
     * user events are native where it did.
     */
    final boolean userFilter;
    private final KqueueLibrary lib;
    private final KeventSizeTLibrary sizeT;
    private final LibkqueueExtras extras;
    private final String property;

    private KqueueNative(Availability availability, KeventLayout layout, String source, KqueueLibrary lib,
            KeventSizeTLibrary sizeT, LibkqueueExtras extras, String property, boolean userFilter) {
        this.availability = availability;
        this.layout = layout;
        this.source = source;
        this.userFilter = userFilter;
        this.lib = lib;
        this.sizeT = sizeT;
        this.extras = extras;
        this.property = property;
    }

    static KqueueNative get() {
        return PROBED.get();
    }

    @Override
    public Availability availability() {
        return availability;
    }

    /** @return the trimmed {@value #LIBRARY_PROPERTY}, or null when unset or blank */
    static String libraryProperty() {
        String v = System.getProperty(LIBRARY_PROPERTY);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * What it takes to use KQUEUE on Linux, word for word what the skipped conformance tests say.
     *
     * @return the instructions
     */
    static String linuxInstructions() {
        return "kqueue is not part of Linux; KQUEUE runs here only through libkqueue. Build it (git clone"
                + " https://github.com/mheily/libkqueue /tmp/libkqueue && cmake -S /tmp/libkqueue -B"
                + " /tmp/libkqueue/build && cmake --build /tmp/libkqueue/build) and start the JVM with -D"
                + LIBRARY_PROPERTY + "=/tmp/libkqueue/build/libkqueue.so (Maven passes it on: mvn -B verify -D"
                + LIBRARY_PROPERTY + "=/tmp/libkqueue/build/libkqueue.so)";
    }

    /**
     * Chooses the layout for an OS, without loading anything.
     *
     * @param os the platform
     * @param osVersion {@code os.version}
     * @param libraryProperty the named library, or null
     * @return the layout, or null with the reason in {@code why[0]}
     */
    static KeventLayout layoutFor(Platform.OS os, String osVersion, String libraryProperty, String[] why) {
        switch (os) {
            case DARWIN:
                return KeventLayout.MACOS;
            case FREEBSD:
                if (majorVersion(osVersion) < 12) {
                    why[0] = "FreeBSD " + osVersion + " has the 32-byte struct kevent of FreeBSD 11 and older;"
                            + " KQUEUE supports FreeBSD 12 and later";
                    return null;
                }
                return KeventLayout.FREEBSD;
            case OPENBSD:
                return KeventLayout.OPENBSD;
            case NETBSD:
                // Not reached today: jnr-ffi 2.3.4 reports NetBSD as UNKNOWN and SupportedPlatforms
                // refuses it first. Kept so that a port starts from the checked layouts.
                return KeventLayout.NETBSD_KEVENT100; // downgraded to __kevent50 if libc lacks it
            case LINUX:
                if (libraryProperty == null) {
                    why[0] = linuxInstructions();
                    return null;
                }
                return KeventLayout.LIBKQUEUE;
            default:
                if (libraryProperty == null) {
                    why[0] = "kqueue needs macOS, FreeBSD 12+ or OpenBSD, and this is " + os
                            + " (struct kevent layouts of other systems are not in the table);"
                            + " a libkqueue build can be named with -D" + LIBRARY_PROPERTY + "=/path/to/libkqueue.so";
                    return null;
                }
                return KeventLayout.LIBKQUEUE;
        }
    }

    static int majorVersion(String osVersion) {
        String digits = osVersion.replaceFirst("^(\\d+).*$", "$1");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static KqueueNative probe(String property, Platform.OS os, String osVersion) {
        String refusal = io.github.fdmux.unix.SupportedPlatforms.refusal();
        if (refusal != null) {
            return unavailable(refusal, property);
        }
        if (!Native.isLoaded()) {
            return unavailable(Native.loadFailure(), Native.loadFailureCause(), property);
        }
        if (!Platform.getNativePlatform().is64Bit()) {
            return unavailable("KQUEUE describes struct kevent for 64-bit platforms only; this JVM runs on "
                    + Platform.getNativePlatform().getCPU(), property);
        }
        String[] why = new String[1];
        KeventLayout layout = layoutFor(os, osVersion, property, why);
        if (layout == null) {
            return unavailable(why[0], property);
        }
        String library = property != null ? property : Platform.getNativePlatform().getStandardCLibraryName();
        String source = property != null ? property : "libc";
        if (property != null && !Files.isRegularFile(Path.of(property))) {
            return unavailable("-D" + LIBRARY_PROPERTY + "=" + property + " names no file. "
                    + (os == Platform.OS.LINUX ? linuxInstructions() : ""), property);
        }
        KqueueLibrary lib;
        try {
            lib = LibraryLoader.create(KqueueLibrary.class).failImmediately().load(library);
        } catch (LinkageError | RuntimeException e) {
            return unavailable("cannot bind kqueue and kevent in " + source + ": " + e, e, property);
        }
        KeventSizeTLibrary sizeT = null;
        if (layout.sizeTCounts) {
            try {
                sizeT = bindSizeT(library, layout.keventSymbol);
            } catch (LinkageError | RuntimeException e) {
                layout = KeventLayout.NETBSD_KEVENT50;
                try {
                    sizeT = bindSizeT(library, layout.keventSymbol);
                } catch (LinkageError | RuntimeException e2) {
                    return unavailable("NetBSD libc has neither __kevent100 nor __kevent50: " + e2, e2, property);
                }
            }
        }
        LibkqueueExtras extras = null;
        if (layout == KeventLayout.LIBKQUEUE) {
            try {
                extras = LibraryLoader.create(LibkqueueExtras.class).failImmediately().load(library);
            } catch (LinkageError | RuntimeException e) {
                extras = null; // an older libkqueue: closes complete asynchronously
            }
        }
        KqueueNative candidate = new KqueueNative(Availability.no("probing"), layout, source, lib, sizeT, extras,
                property, false);
        int kq;
        try {
            kq = lib.kqueue();
        } catch (LinkageError e) {
            return unavailable(source + " has no usable kqueue(): " + e, e, property);
        }
        if (kq < 0) {
            NativeCallException refused = createFailure(Native.errno());
            return unavailable(refused.getMessage(), refused, property);
        }
        boolean userFilter;
        try {
            userFilter = candidate.takesUserFilter(kq);
        } finally {
            candidate.closeKqueue(kq);
        }
        String what = layout == KeventLayout.LIBKQUEUE ? "libkqueue (" + source + ")" : "kqueue in " + source;
        return new KqueueNative(Availability.yes(what + ", struct kevent of " + layout.header + " (" + layout.size
                + " bytes)"), layout, source, lib, sizeT, extras, property, userFilter);
    }

    private static KeventSizeTLibrary bindSizeT(String library, String symbol) {
        return LibraryLoader.create(KeventSizeTLibrary.class).map("kevent", symbol).failImmediately().load(library);
    }

    private static KqueueNative unavailable(String why, String property) {
        return unavailable(why, null, property);
    }

    private static KqueueNative unavailable(String why, Throwable cause, String property) {
        return new KqueueNative(cause == null ? Availability.no(why) : Availability.no(why, cause), null, "", null,
                null, null, property, false);
    }

    /**
     * Adds an EVFILT_USER knote to a fresh kqueue (closed by the caller, knote and all).
     *
     * @param kq the probe's kqueue
     * @return true if the kernel took it (an EV_RECEIPT answer with data 0)
     */
    private boolean takesUserFilter(int kq) {
        NativeBuffer change = NativeBuffer.allocate(layout.size);
        try {
            NativeBuffer receipt = NativeBuffer.allocate(layout.size);
            try {
                NativeBuffer zero = NativeBuffer.allocate(Timespec.size()); // allocated zeroed
                try {
                    layout.put(change.pointer(), 0, 1, layout.evfiltUser,
                            KeventLayout.EV_ADD | KeventLayout.EV_CLEAR | KeventLayout.EV_RECEIPT, 0, 0, 0);
                    int n = kevent(kq, change.pointer(), 1, receipt.pointer(), 1, zero.pointer());
                    return n == 1 && (layout.flags(receipt.pointer(), 0) & KeventLayout.EV_ERROR) != 0
                            && layout.data(receipt.pointer(), 0) == 0;
                } finally {
                    zero.free();
                }
            } finally {
                receipt.free();
            }
        } finally {
            change.free();
        }
    }

    static NativeCallException createFailure(int errno) {
        return Native.exception("kqueue", -1, errno);
    }

    /** @return a new kqueue fd or -1 (errno set) */
    int kqueue() {
        return lib.kqueue();
    }

    /**
     * kevent(2) through whichever binding this platform needs.
     *
     * @param kq the kqueue
     * @param changes change list or null
     * @param nchanges its length
     * @param events event list or null
     * @param nevents its length
     * @param timeout timespec or null
     * @return what kevent returns
     */
    int kevent(int kq, Pointer changes, int nchanges, Pointer events, int nevents, Pointer timeout) {
        return sizeT != null ? sizeT.kevent(kq, changes, nchanges, events, nevents, timeout)
                : lib.kevent(kq, changes, nchanges, events, nevents, timeout);
    }

    /**
     * Closes a kqueue fd; under libkqueue also waits until its monitoring thread has released the
     * kqueue's own fds, so nothing is left open when this returns.
     *
     * @param kq the kqueue fd
     * @return 0, or -1 with errno set by close
     */
    int closeKqueue(int kq) {
        int r = Native.libc().close(kq);
        if (extras != null) {
            extras.libkqueue_drain_pending_close();
        }
        return r;
    }

    /** @return true when the kqueue is libkqueue's emulation rather than the kernel's */
    boolean isLibkqueue() {
        return layout == KeventLayout.LIBKQUEUE;
    }
}
