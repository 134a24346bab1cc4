package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The catalogue's own assertions: they fail as JUnit's do, and a skip is recognised as one. */
class ExpectTest {

    @Test
    void failuresAreAssertionErrorsWithJUnitsMessages() {
        AssertionError e = assertThrows(AssertionError.class, () -> Expect.assertEquals(1, 2, "count"));
        assertEquals("count ==> expected: <1> but was: <2>", e.getMessage());
        e = assertThrows(AssertionError.class, () -> Expect.assertTrue(false));
        assertEquals("expected: <true> but was: <false>", e.getMessage());
        assertThrows(AssertionError.class, () -> Expect.assertNotNull(null, "x"));
        assertThrows(AssertionError.class, () -> Expect.assertSame("a", new String("a")));
        assertThrows(AssertionError.class, () -> Expect.assertNull("x"));
        Expect.assertEquals("same", "same");
        Expect.assertFalse(false);
    }

    @Test
    void assertThrowsReturnsTheExceptionAndFailsOnNoneOrAnother() {
        IOException io = new IOException("boom");
        assertSame(io, Expect.assertThrows(IOException.class, () -> {
            throw io;
        }));
        AssertionError wrong = assertThrows(AssertionError.class, () -> Expect.assertThrows(IOException.class, () -> {
            throw new IllegalStateException();
        }));
        assertTrue(wrong.getCause() instanceof IllegalStateException);
        assertThrows(AssertionError.class, () -> Expect.assertThrows(IOException.class, () -> { }));
        assertSame(io, Expect.assertInstanceOf(IOException.class, io, "type"));
    }

    @Test
    void aSkipIsAnOutcomeOfItsOwn() {
        Expect.Skipped s = assertThrows(Expect.Skipped.class, () -> Expect.skip("no SIGURG here"));
        Outcome o = new Outcome(null, null, null, "OK", s, 0);
        assertTrue(o.skipped());
        assertEquals("skipped: no SIGURG here", o.display());
        assertTrue(!new Outcome(null, null, null, "OK", new AssertionError("x"), 0).skipped());
    }
}
