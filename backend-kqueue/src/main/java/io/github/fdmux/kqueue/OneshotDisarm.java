package io.github.fdmux.kqueue;

import static io.github.fdmux.kqueue.KeventLayout.EV_DISABLE;
import static io.github.fdmux.kqueue.KqueueReadiness.READ_FILTER;
import static io.github.fdmux.kqueue.KqueueReadiness.WRITE_FILTER;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.spi.PollScratch;

/**
 * The decode step's oneshot bookkeeping. EV_DISPATCH disables the knotes that fired; a oneshot
 * registration must not report through its other filter before {@code rearm()} either, so after
 * the decode the other filter of each oneshot registration that fired is disabled (under the lock,
 * before the poll returns). Failures mean the fd is gone and are ignored.
 *
 * <p>Used only under the poller's lock, by its decode (which asserts it) and through KeventBatch.
 */
final class OneshotDisarm {
    private final PollScratch<KqueueRegistration> fired = new PollScratch<>(16);

    /** A decode starts. */
    void start() {
        fired.start();
    }

    /** Filter {@code which} of oneshot registration {@code r} fired in this decode. */
    void fired(KqueueRegistration r, int which) {
        if (r.firedStamp != fired.stamp()) {
            r.firedStamp = fired.stamp();
            r.firedFilters = 0;
            fired.add(r);
        }
        r.firedFilters |= which;
    }

    /** Disables the filters that did not fire of the registrations that did, in one change list. */
    void disarmOthers(KeventBatch batch, KeventLayout layout) throws NativeCallException {
        int count = fired.size();
        if (count == 0) {
            return;
        }
        batch.start();
        for (int i = 0; i < count; i++) {
            KqueueRegistration r = fired.take(i);
            int others = r.present & ~r.firedFilters;
            for (int f = READ_FILTER; f <= WRITE_FILTER; f <<= 1) {
                if ((others & f) != 0) {
                    batch.add(r.fd(), f == READ_FILTER ? layout.evfiltRead : layout.evfiltWrite, EV_DISABLE, r.token());
                }
            }
        }
        fired.clear();
        if (!batch.isEmpty()) {
            batch.apply(null);
        }
    }
}
