package io.github.fdmux.iouring;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;

/**
 * An io_uring registration: which POLL_ADD request currently stands for it in the ring.
 */
final class IoUringRegistration extends AbstractRegistration {
    /**
     * The user_data of the POLL_ADD in the ring for this registration, or 0 when none is (a
     * delivered ONESHOT awaiting its re-arm, a cancelled one, a closed fd). A completion whose
     * user_data is not this one belongs to a request this registration replaced or removed, and is
     * dropped. Read and written only under the poller's lock, by {@link Requests} and
     * {@link IoUringPoller} methods that assert it.
     */
    long armed;
    /**
     * The poll32_events of that request. A completion's mask is ANDed with it: a wakeup's key can
     * carry bits the request did not ask for (io_uring/poll.c stashes the waker's mask), and epoll
     * reports only asked-for bits. Written by {@link Requests#arm}, read while decoding: both under the
     * poller's lock (asserted).
     */
    int armedEvents;

    IoUringRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        super(poller, fd, channel, interest, mode, attachment, exclusive);
    }
}
