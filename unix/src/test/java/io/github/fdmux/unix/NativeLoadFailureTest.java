package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A hint only where the exception shows its cause; the jffi.extract.dir advice only for a stub that cannot be mapped. */
class NativeLoadFailureTest {

    @Test
    void missingAsmSaysAsmAndNotTmp() {
        String d = NativeLoadFailure.describe(new NoClassDefFoundError("org/objectweb/asm/ClassVisitor"));
        assertTrue(d.startsWith("JNR could not load its native stub (java.lang.NoClassDefFoundError: org/objectweb/asm/ClassVisitor). "), d);
        assertTrue(d.contains("asm-commons"), d);
        assertFalse(d.contains("jffi.extract.dir"), d);
    }

    @Test
    void aStubThatCannotBeMappedSaysJffiExtractDir() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("/tmp/jffi123.so: /tmp/jffi123.so: failed to map segment from shared object");
        assertTrue(NativeLoadFailure.describe(e).contains("-Djffi.extract.dir="), NativeLoadFailure.describe(e));
    }

    @Test
    void theCauseChainIsSearched() {
        Error wrapped = new ExceptionInInitializerError(new NoClassDefFoundError("com/kenai/jffi/Foreign"));
        assertTrue(NativeLoadFailure.hint(new RuntimeException("outer", wrapped)).contains("jnr-ffi and its dependencies"));
    }

    @Test
    void aMissingStubForThisPlatformSaysSo() {
        String h = NativeLoadFailure.hint(new UnsatisfiedLinkError("could not locate stub library in jar file. Tried [jni/x/libjffi-1.2.so]"));
        assertTrue(h.contains("jffi's native jar"), h);
    }

    @Test
    void anythingElseGetsNoGuess() {
        assertNull(NativeLoadFailure.hint(new IllegalStateException("something else")));
        assertEquals("JNR could not load its native stub (java.lang.IllegalStateException: something else)",
                NativeLoadFailure.describe(new IllegalStateException("something else")));
    }
}
