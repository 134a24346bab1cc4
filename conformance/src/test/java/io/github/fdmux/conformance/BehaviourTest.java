package io.github.fdmux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.testing.MemoryPoller;
import org.junit.jupiter.api.Test;

/** {@link Behaviour.Builder#asserts}: the shared checks' answer, their failures, and the answers they may not have. */
class BehaviourTest {
    private static final Target TARGET = new Target(Backend.NIO, Mode.LEVEL);

    @Test
    void assertionsThatHoldAnswerOk() throws Exception {
        Behaviour b = Behaviour.named("holds").description("d").asserts(f -> assertTrue(f.poller() != null));
        try (Fixture f = new Fixture(TARGET, MemoryPoller.withoutRawFds())) {
            assertEquals(Behaviour.OK, b.check().run(f));
        }
        assertEquals(Behaviour.OK, b.expected(TARGET));
    }

    @Test
    void anAssertionThatFailsFailsTheCheck() throws Exception {
        Behaviour b = Behaviour.named("fails").description("d").asserts(f -> Expect.fail("does not hold"));
        try (Fixture f = new Fixture(TARGET, MemoryPoller.withoutRawFds())) {
            AssertionError e = assertThrows(AssertionError.class, () -> b.check().run(f));
            assertEquals("does not hold", e.getMessage());
        }
    }

    @Test
    void aBehaviourThatDocumentsAnotherAnswerCannotOnlyAssert() {
        Behaviour.Builder b = Behaviour.named("differs").description("d").expect(Backend.NIO, "readable");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.asserts(f -> { }));
        assertTrue(e.getMessage().startsWith("differs documents answers other than ok"), e.getMessage());
        Behaviour.Builder otherwise = Behaviour.named("otherwise").description("d").otherwise("silent");
        assertThrows(IllegalStateException.class, () -> otherwise.asserts(f -> { }));
    }
}
