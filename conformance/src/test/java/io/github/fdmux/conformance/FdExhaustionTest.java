package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.NativeCallException;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** The JDK's fd-exhaustion messages become fdmux's EMFILE/ENFILE errors naming the call; nothing else changes. */
class FdExhaustionTest {

    @Test
    void tooManyOpenFilesIsEmfileNamingTheCall() {
        IOException jdk = new IOException("Too many open files");
        NativeCallException e = assertInstanceOf(NativeCallException.class,
                FdExhaustion.explain("pipe() in Pipe.open", jdk));
        assertEquals("EMFILE", e.errnoName());
        assertEquals("pipe() in Pipe.open", e.call());
        assertTrue(e.getMessage().startsWith("pipe() in Pipe.open failed: EMFILE (errno "), e.getMessage());
        assertSame(jdk, e.getCause());
    }

    @Test
    void tooManyOpenFilesInSystemIsEnfile() {
        NativeCallException e = assertInstanceOf(NativeCallException.class,
                FdExhaustion.explain("accept() in ServerSocketChannel.accept",
                        new SocketException("Too many open files in system")));
        assertEquals("ENFILE", e.errnoName());
    }

    @Test
    void otherFailuresPassThrough() {
        IOException refused = new IOException("Connection refused");
        assertSame(refused, FdExhaustion.explain("socket() in SocketChannel.open", refused));
        IOException none = new IOException();
        assertSame(none, FdExhaustion.explain("pipe() in Pipe.open", none));
    }
}
