package io.github.fdmux.conformance;

import java.util.Objects;

/**
 * The assertions of the catalogue's checks, without a test framework: the catalogue also runs in
 * the CLI ({@code fdmux conformance}), whose jar carries no test library. A failed expectation throws
 * {@link AssertionError} with the message JUnit would give; a check that cannot run here throws
 * {@link Skipped}, which {@link Outcome#skipped()} recognises (a JUnit runner turns it into an
 * aborted test).
 */
public final class Expect {
    private Expect() {
    }

    /** A check that cannot run here; its message says exactly what is missing. */
    public static final class Skipped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param why what is missing */
        public Skipped(String why) {
            super(why);
        }
    }

    /** An action that may throw anything, for {@link #assertThrows}. */
    @FunctionalInterface
    public interface Action {
        /** @throws Throwable anything */
        void run() throws Throwable;
    }

    /**
     * Ends the check as skipped.
     *
     * @param why what is missing here
     */
    public static void skip(String why) {
        throw new Skipped(why);
    }

    /** @param message what went wrong */
    public static void fail(String message) {
        throw new AssertionError(message);
    }

    /**
     * @param condition must hold
     * @param message what it means
     */
    public static void assertTrue(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(prefix(message) + "expected: <true> but was: <false>");
        }
    }

    /** @param condition must hold */
    public static void assertTrue(boolean condition) {
        assertTrue(condition, null);
    }

    /**
     * @param condition must not hold
     * @param message what it means
     */
    public static void assertFalse(boolean condition, String message) {
        if (condition) {
            throw new AssertionError(prefix(message) + "expected: <false> but was: <true>");
        }
    }

    /** @param condition must not hold */
    public static void assertFalse(boolean condition) {
        assertFalse(condition, null);
    }

    /**
     * @param expected the expected value
     * @param actual the value
     * @param message what it means
     */
    public static void assertEquals(Object expected, Object actual, String message) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    /**
     * @param expected the expected value
     * @param actual the value
     */
    public static void assertEquals(Object expected, Object actual) {
        assertEquals(expected, actual, null);
    }

    /**
     * @param expected the expected value
     * @param actual the value
     * @param message what it means
     */
    public static void assertEquals(long expected, long actual, String message) {
        if (expected != actual) {
            throw new AssertionError(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    /**
     * @param expected the expected value
     * @param actual the value
     */
    public static void assertEquals(long expected, long actual) {
        assertEquals(expected, actual, null);
    }

    /**
     * @param expected the expected object
     * @param actual must be the same object
     * @param message what it means
     */
    public static void assertSame(Object expected, Object actual, String message) {
        if (expected != actual) {
            throw new AssertionError(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
        }
    }

    /**
     * @param expected the expected object
     * @param actual must be the same object
     */
    public static void assertSame(Object expected, Object actual) {
        assertSame(expected, actual, null);
    }

    /**
     * @param actual must be null
     * @param message what it means
     */
    public static void assertNull(Object actual, String message) {
        if (actual != null) {
            throw new AssertionError(prefix(message) + "expected: <null> but was: <" + actual + ">");
        }
    }

    /** @param actual must be null */
    public static void assertNull(Object actual) {
        assertNull(actual, null);
    }

    /**
     * @param actual must not be null
     * @param message what it means
     * @param <T> its type
     * @return {@code actual}
     */
    public static <T> T assertNotNull(T actual, String message) {
        if (actual == null) {
            throw new AssertionError(prefix(message) + "expected: not <null>");
        }
        return actual;
    }

    /**
     * @param actual must not be null
     * @param <T> its type
     * @return {@code actual}
     */
    public static <T> T assertNotNull(T actual) {
        return assertNotNull(actual, null);
    }

    /**
     * @param type the expected type
     * @param actual must be an instance of it
     * @param message what it means
     * @param <T> the type
     * @return {@code actual}, cast
     */
    public static <T> T assertInstanceOf(Class<T> type, Object actual, String message) {
        if (!type.isInstance(actual)) {
            AssertionError e = new AssertionError(prefix(message) + "expected: <" + type.getName() + "> but was: <"
                    + (actual == null ? "null" : actual.getClass().getName()) + ">");
            if (actual instanceof Throwable) {
                e.initCause((Throwable) actual);
            }
            throw e;
        }
        return type.cast(actual);
    }

    /**
     * @param type the exception expected
     * @param action must throw it
     * @param <T> its type
     * @return what was thrown
     */
    public static <T extends Throwable> T assertThrows(Class<T> type, Action action) {
        try {
            action.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            AssertionError e = new AssertionError("Unexpected exception type thrown, expected: <" + type.getName()
                    + "> but was: <" + t.getClass().getName() + ">");
            e.initCause(t);
            throw e;
        }
        throw new AssertionError("Expected " + type.getName() + " to be thrown, but nothing was thrown.");
    }

    private static String prefix(String message) {
        return message == null || message.isEmpty() ? "" : message + " ==> ";
    }
}
