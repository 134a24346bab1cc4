package io.github.fdmux;

/**
 * Optional registration behaviours.
 *
 * <p>Immutable and thread-safe.
 */
public enum RegisterOption {
    /**
     * Exclusive wakeups (epoll's {@code EPOLLEXCLUSIVE}): when several pollers wait on the same
     * listening socket, an incoming connection wakes one or a few of them instead of all. Only on
     * backends whose {@link Capabilities#exclusiveWakeups()} is true; elsewhere registering with it
     * throws {@link UnsupportedOperationException}. The kernel allows it only at registration, not
     * with {@link Mode#ONESHOT}/{@link Mode#EDGE_ONESHOT}, and a registration made with it cannot be
     * {@linkplain Registration#modify(Interest) modified}.
     */
    EXCLUSIVE
}
