package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.fail;

import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import java.util.concurrent.TimeUnit;

/**
 * The "a timeout never ends early" check the catalogue's {@code subMillisecondTimeoutNeverReturnsEarly}
 * and the backends' own tests of their two wait calls (ppoll/poll, pselect/select) share.
 */
public final class Waits {
    private Waits() {
    }

    /**
     * Polls {@code p} {@code rounds} times with {@code timeout}: every poll returns 0 and none
     * returns before its timeout (a backend rounds up to its resolution, never down).
     *
     * @param p a poller with nothing ready
     * @param rounds how many polls
     * @param timeout each poll's timeout
     * @param unit its unit
     * @throws Exception on failure
     */
    public static void assertNeverEarly(Poller p, int rounds, long timeout, TimeUnit unit) throws Exception {
        ReadyEvents ev = new ReadyEvents(4);
        long floor = unit.toNanos(timeout);
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            assertEquals(0, p.poll(ev, timeout, unit));
            long ns = System.nanoTime() - t0;
            if (ns < floor) {
                fail("returned after " + ns + " ns, before its " + timeout + " " + unit + " timeout");
            }
        }
    }
}
