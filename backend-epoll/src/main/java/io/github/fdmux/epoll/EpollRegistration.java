package io.github.fdmux.epoll;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;

/** An epoll registration: all its state is in the kernel and in {@link AbstractRegistration}. */
final class EpollRegistration extends AbstractRegistration {
    EpollRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        super(poller, fd, channel, interest, mode, attachment, exclusive);
    }
}
