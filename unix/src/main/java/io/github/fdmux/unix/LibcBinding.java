package io.github.fdmux.unix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;

/**
 * A backend's C library interface, bound in its probe, or why it could not be: JNR itself did not
 * load ({@link Native#loadFailure()}), or the C library lacks a symbol the interface names (JNR binds
 * eagerly and throws a {@link LinkageError} or a runtime exception). Every probe meets the same two
 * failures; they are said the same way, with their cause kept for {@code fdmux info}.
 *
 * @param <T> the JNR interface
 * @param lib the binding, or null if it failed
 * @param failure null if bound, else one sentence naming what could not be bound
 * @param cause the exception behind the failure, or null (a pure-Java jnr-posix has none)
 */
public record LibcBinding<T>(T lib, String failure, Throwable cause) {

    /**
     * Binds {@code loader}'s interface in this platform's standard C library.
     *
     * @param loader the loader, with any symbol mappings already set
     * @param what what is bound, for the failure text, e.g. {@code "poll"}
     * @param <T> the JNR interface
     * @return the binding, or its failure
     */
    public static <T> LibcBinding<T> of(LibraryLoader<T> loader, String what) {
        return of(loader, what, Platform.getNativePlatform().getStandardCLibraryName());
    }

    /** As {@link #of(LibraryLoader, String)}, from the library named (tests: one that does not load). */
    static <T> LibcBinding<T> of(LibraryLoader<T> loader, String what, String library) {
        if (!Native.isLoaded()) {
            return new LibcBinding<>(null, Native.loadFailure(), Native.loadFailureCause());
        }
        try {
            return new LibcBinding<>(loader.load(library), null, null);
        } catch (LinkageError | RuntimeException e) {
            return new LibcBinding<>(null, "cannot bind " + what + " in libc: " + e, e);
        }
    }
}
