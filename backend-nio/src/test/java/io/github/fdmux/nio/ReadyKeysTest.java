package io.github.fdmux.nio;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyKeysTest {

    private static List<NioRegistration> registrations(int n) throws Exception {
        List<NioRegistration> out = new ArrayList<>();
        try (Poller poller = NioPollers.open()) {
            for (int i = 0; i < n; i++) {
                Pipe p = Pipe.open();
                p.source().close();
                p.sink().close();
                out.add(new NioRegistration((NioPoller) poller, p.source(), Interest.READ_WRITE, Mode.LEVEL, i));
            }
        }
        return out;
    }

    @Test
    void aKeyReportedTwiceInOneSelectIsOneEntryWithTheUnionOfItsOps() throws Exception {
        NioRegistration r = registrations(1).get(0);
        ReadyKeys keys = new ReadyKeys();
        keys.start();
        keys.add(r, OP_READ); // kqueue: the EVFILT_READ kevent
        keys.add(r, OP_WRITE); // then the EVFILT_WRITE kevent of the same fd, ready set replaced
        assertEquals(1, keys.size());
        assertEquals(OP_READ | OP_WRITE, r.readyOps);
        assertEquals(keys.seq(), r.readySeq);

        keys.start();
        keys.add(r, OP_WRITE);
        assertEquals(1, keys.size());
        assertEquals(OP_WRITE, r.readyOps, "a new select starts from nothing");
        assertSame(r, keys.take(0));
    }

    @Test
    void keepsOrderAndGrows() throws Exception {
        List<NioRegistration> regs = registrations(150);
        ReadyKeys keys = new ReadyKeys();
        keys.start();
        for (NioRegistration r : regs) {
            keys.add(r, OP_READ);
        }
        assertEquals(150, keys.size());
        for (int i = 0; i < 150; i++) {
            assertSame(regs.get(i), keys.take(i));
        }
    }
}
