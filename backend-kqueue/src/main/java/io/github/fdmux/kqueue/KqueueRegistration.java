package io.github.fdmux.kqueue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;

/**
 * A kqueue registration: up to two knotes in the kernel (EVFILT_READ and EVFILT_WRITE of its fd),
 * both carrying its token as udata. Its fields are read and written only under the poller's lock: by
 * the poller's change hooks and its decode (with OneshotDisarm), which assert it, as KeventBatch does.
 */
final class KqueueRegistration extends AbstractRegistration {
    /** The filters the kernel has for this fd ({@link KqueueReadiness#READ_FILTER}, ...). */
    int present;
    /** Oneshot bookkeeping of the decode step: the decode that last saw this registration ... */
    long firedStamp = -1;
    /** ... and which of its filters fired in that decode. */
    int firedFilters;

    KqueueRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        super(poller, fd, channel, interest, mode, attachment, exclusive);
    }
}
