package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;

/** A probe's binding: bound, or one sentence naming what could not be bound, with its cause. */
class LibcBindingTest {
    /** A symbol the C library has. */
    public interface HasGetpid {
        int getpid();
    }


    @Test
    void aPresentSymbolIsBound() {
        assumeTrue(Native.isLoaded(), () -> "JNR did not load here: " + Native.loadFailure());
        LibcBinding<HasGetpid> bound = LibcBinding.of(LibraryLoader.create(HasGetpid.class), "getpid");
        assertNull(bound.failure());
        assertEquals(ProcessHandle.current().pid(), bound.lib().getpid());
    }

    @Test
    void aLibraryThatDoesNotLoadIsAFailureNamingWhatAndKeepingTheCause() {
        assumeTrue(Native.isLoaded(), () -> "JNR did not load here: " + Native.loadFailure());
        LibcBinding<HasGetpid> bound = LibcBinding.of(LibraryLoader.create(HasGetpid.class).failImmediately(),
                "getpid", "fdmux-no-such-library");
        assertNull(bound.lib());
        assertTrue(bound.failure().startsWith("cannot bind getpid in libc: "), bound.failure());
        assertNotNull(bound.cause());
    }
}
