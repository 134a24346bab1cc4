package io.github.fdmux.nio;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.spi.AbstractRegistration;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** A registration backed by one {@link SelectionKey}, whose attachment is this registration. */
final class NioRegistration extends AbstractRegistration {
    /** The key; null while the registration waits for a cancelled key of its channel to be flushed. Under lock. */
    SelectionKey key;
    /** The interest ops last given to the key: 0 while a ONESHOT registration is disarmed. Under lock. */
    int ops;

    /** Polling thread: the select that last reported this key, and the union of its ready ops ({@link ReadyKeys}). */
    long readySeq = -1;
    int readyOps;
    /** Polling thread: the select whose results last delivered (or dropped, or deferred) this registration. */
    long handledSeq = -1;

    NioRegistration(NioPoller poller, SelectableChannel channel, Interest interest, Mode mode, Object attachment) {
        super(poller, -1, channel, interest, mode, attachment, false);
    }
}
