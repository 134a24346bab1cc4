package io.github.fdmux.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import org.junit.jupiter.api.Test;

class KqueueSmokeTest {
    @Test
    void pipeBecomesReadable() throws Exception {
        KqueueBackendProvider p = new KqueueBackendProvider();
        assumeTrue(p.availability().available(), () -> "KQUEUE unavailable: " + p.availability().reason());
        try (Poller poller = p.open("test")) {
            Pipe pipe = Pipe.open();
            try {
                pipe.source().configureBlocking(false);
                Registration r = poller.register(pipe.source(), Interest.READ, Mode.LEVEL, "att");
                ReadyEvents ev = new ReadyEvents(8);
                assertEquals(0, poller.pollNow(ev));
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                assertEquals(1, poller.poll(ev, 1000));
                assertTrue(ev.isReadable(0));
                assertEquals("att", ev.attachment(0));
                assertEquals(r, ev.registration(0));
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }
}
