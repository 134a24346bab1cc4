package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;

/**
 * Turns received bytes into bytes to send, in place in a connection's two buffers, allocating
 * nothing. Called by one thread at a time for a connection.
 */
interface Codec {
    /** {@link #process} result: keep going. */
    int MORE = 0;
    /** {@link #process} result: close the connection once the output is flushed. */
    int CLOSE = 1;

    /**
     * Consumes what it can from {@code in} and appends the answers to {@code out}. Leaves in
     * {@code in} what it cannot handle yet: an incomplete request, or a request whose answer does
     * not fit in {@code out} (the caller's backpressure then stops reading until {@code out} drains).
     *
     * @param in received bytes, in read mode (flipped)
     * @param out pending output, in write mode
     * @return {@link #MORE} or {@link #CLOSE}
     */
    int process(ByteBuffer in, ByteBuffer out);

    /**
     * @return whether part of a request has arrived and the rest is awaited: the connection's request
     *     timeout runs only then (a protocol without requests, such as echo, never says so)
     */
    default boolean midRequest() {
        return false;
    }
}
