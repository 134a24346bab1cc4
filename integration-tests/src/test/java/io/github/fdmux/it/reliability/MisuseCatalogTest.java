package io.github.fdmux.it.reliability;

import io.github.fdmux.conformance.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.it.reliability.Misuse.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every misuse of {@link MisuseCatalog} on every backend: the exact exception type (or the
 * documented answer), a message that names the problem, and afterwards no fd and no native memory
 * left behind. Each test is named {@code [BACKEND] misuse}.
 */
class MisuseCatalogTest {

    @Test
    void theCatalogueIsBigEnough() {
        assertTrue(MisuseCatalog.all().size() >= 88, "at least the 88 misuses docs/testing.md lists: " + MisuseCatalog.all().size());
    }

    @TestFactory
    Stream<DynamicTest> misuses() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BackendStatus status : Backends.all()) {
            for (Misuse m : MisuseCatalog.all()) {
                String name = "[" + status.backend() + "] " + m.name();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Capabilities caps = Backends.assumeAvailable(status);
                    check(status.backend(), m, m.expected().apply(caps));
                }));
            }
        }
        return tests.stream();
    }

    private static void check(Backend backend, Misuse m, Outcome expected) throws Exception {
        Leaks.warmUp(backend);
        Leaks before = Leaks.now();
        Object returned = null;
        Throwable thrown = null;
        try (Resources resources = new Resources(); Poller poller = Pollers.open(backend)) {
            try {
                returned = m.action().run(poller, resources);
            } catch (Throwable t) {
                thrown = t;
            }
        }
        String where = m.name() + " on " + backend;
        if (thrown instanceof org.opentest4j.TestAbortedException) {
            throw (org.opentest4j.TestAbortedException) thrown; // the action cannot run here, and said why
        }
        if (expected instanceof Outcome.Throws) {
            Outcome.Throws t = (Outcome.Throws) expected;
            if (thrown == null) {
                fail(where + ": expected " + t + " but it returned " + returned);
            }
            if (thrown.getClass() != t.type()) {
                throw new AssertionError(where + ": expected exactly " + t + " but got " + thrown, thrown);
            }
            String message = thrown.getMessage();
            if (!t.fragments().isEmpty()) {
                assertNotNull(message, where + ": " + thrown + " has no message");
                for (String f : t.fragments()) {
                    assertTrue(message.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
                            where + ": the message should mention '" + f + "': " + message);
                }
            }
        } else {
            if (thrown != null) {
                throw new AssertionError(where + ": expected " + expected + " but it threw " + thrown, thrown);
            }
            assertEquals(((Outcome.Returns) expected).value(), returned, where);
        }
        Leaks.now().assertNothingLeakedSince(before, where);
    }

    /** Guards the guard: an action that throws the wrong type must fail the check. */
    @Test
    void aWrongExceptionTypeFailsTheCheck() {
        Backend any = Backends.available().stream().findFirst().orElse(null);
        Assumptions.assumeTrue(any != null, "no backend available here");
        Misuse wrong = new Misuse("probe", c -> Outcome.throwing(IllegalStateException.class),
                (p, r) -> {
                    throw new IllegalArgumentException("x");
                });
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> check(any, wrong, wrong.expected().apply(null)));
        assertTrue(e.getMessage().contains("expected exactly"), e.getMessage());
        assertSame(IllegalArgumentException.class, e.getCause().getClass());
    }
}
