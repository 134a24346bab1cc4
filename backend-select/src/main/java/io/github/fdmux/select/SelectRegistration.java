package io.github.fdmux.select;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractPoller;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;

/**
 * A select registration: what it asks for and whether it is armed. Its fields are read and written
 * only under the poller's lock, in SelectPoller methods that assert it (the polling thread decodes
 * under it too).
 */
final class SelectRegistration extends AbstractRegistration {
    /** Asked for read readiness: the fd is in the read and exception interest sets while armed. */
    boolean read;
    /** Asked for write readiness: the fd is in the write interest set while armed. */
    boolean write;
    /** False while a ONESHOT registration is disarmed (its fd is then in no interest set). */
    boolean armed = true;
    /** Found closed (EBADF) by the last wait: reported as {@code error}, as POLL reports POLLNVAL. */
    boolean closed;
    /** The poller's wait count when it was registered: a wait that copied the sets before is not its own. */
    long since;

    SelectRegistration(AbstractPoller<?> poller, int fd, SelectableChannel channel, Interest interest, Mode mode,
            Object attachment, boolean exclusive) {
        super(poller, fd, channel, interest, mode, attachment, exclusive);
    }

    /** @return whether the fd is in any interest set now */
    boolean watched() {
        return armed && (read || write);
    }
}
