package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Registration;
import io.github.fdmux.spi.SourceRegistration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A timer's or user event's knote is numbered after its source's slot in the poller's source table,
 * and carries the source's token as udata: the ident fits a 32-bit {@code uintptr_t} whatever the
 * slot, and a released source's token finds nothing once its slot is reused.
 */
class KqueueSourceIdentTest {
    private static final long UINTPTR32_MAX = 0xffff_ffffL;

    @Test
    void everySlotGivesAnIdentThatFitsThirtyTwoBitsAndIsNotTheWakeups() {
        assertEquals(KqueueWakeup.IDENT + 1, KqueueSources.ownIdent(0));
        assertTrue(KqueueSources.ownIdent(Integer.MAX_VALUE) <= UINTPTR32_MAX,
                "the highest slot's ident " + KqueueSources.ownIdent(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> KqueueSources.ownIdent(-1));
    }

    @Test
    void aKnoteCarriesItsSourcesSlotAndTokenAndAReusedSlotDoesNotFindTheOldSource() throws Exception {
        KqueueBackendProvider provider = new KqueueBackendProvider();
        assumeTrue(provider.availability().available(), () -> "KQUEUE unavailable: " + provider.availability().reason());
        try (KqueuePoller p = (KqueuePoller) provider.open("test")) {
            SourceRegistration t = (SourceRegistration) p.registerTimer(Duration.ofSeconds(60), Duration.ZERO, null);
            assumeTrue(t.isNative(), () -> p.capabilities().variant() + " emulates timers");
            KqueueSource knote = p.knoteOf(t);
            assertNotNull(knote);
            assertEquals(KqueueSources.ownIdent(t.slot()), knote.ident);
            assertEquals(t.slot(), (int) t.token(), "the slot is the token's low half");
            int slot = t.slot();
            long oldToken = t.token();
            assertTrue(t.cancel());
            assertEquals(-1, t.slot());
            Registration again = p.registerTimer(Duration.ofSeconds(60), Duration.ZERO, null);
            SourceRegistration u = (SourceRegistration) again;
            assertEquals(slot, u.slot(), "the freed slot is reused");
            assertNotEquals(oldToken, u.token(), "with a new generation");
            assertNull(p.knoteOf(t), "the cancelled timer's token finds nothing");
            assertEquals(knote.ident, p.knoteOf(u).ident);
        }
    }
}
