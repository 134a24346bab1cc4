package io.github.fdmux.kqueue;

import jnr.ffi.annotations.IgnoreError;

/**
 * What libkqueue (1.x, 2.x) exports beyond kqueue and kevent. Bound separately and optionally:
 * older builds lack it, and native kqueue has no need of it.
 */
public interface LibkqueueExtras {
    /**
     * libkqueue on Linux frees a closed kqueue's epoll fd, eventfds and pipe in a monitoring thread,
     * asynchronously; this waits until every close so far has been processed, so that
     * {@link io.github.fdmux.Poller#close()} has released everything when it returns.
     */
    @IgnoreError
    void libkqueue_drain_pending_close();
}
