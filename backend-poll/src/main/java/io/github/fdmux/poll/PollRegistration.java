package io.github.fdmux.poll;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;

/**
 * A poll registration: where its entry is in the pollfd array, and the entry it should have. Its
 * fields are read and written only under the poller's lock, by PollPoller, PollfdArray and
 * PendingChanges methods that assert it (the polling thread decodes under it too).
 */
final class PollRegistration extends AbstractRegistration {
    /** Index of its entry in the pollfd array, or -1 while it has none. */
    int index = -1;
    /** The POLL* bits it asks for. */
    int events;
    /** False while a ONESHOT registration is disarmed (its entry's fd is then negated). */
    boolean armed = true;
    /** In the poller's queue of changes waiting for the polling thread. */
    boolean queued;

    PollRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        super(poller, fd, channel, interest, mode, attachment, exclusive);
    }

    /**
     * @return the fd its entry should carry: the fd while armed; while disarmed its complement,
     *     negative for every fd including 0, which poll(2) skips (revents 0, not even POLLHUP or
     *     POLLNVAL), as EPOLLONESHOT silences a disarmed epoll item completely
     */
    int entryFd() {
        return armed ? fd() : ~fd();
    }
}
