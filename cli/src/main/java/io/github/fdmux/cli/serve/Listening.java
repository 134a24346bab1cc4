package io.github.fdmux.cli.serve;

/** How several event loops share the listening port. */
public enum Listening {
    /**
     * Each loop binds its own listener with SO_REUSEPORT; the kernel spreads incoming connections
     * over them by a hash of the addresses.
     */
    REUSEPORT,
    /**
     * One listener registered with every loop's poller with {@link io.github.fdmux.RegisterOption#EXCLUSIVE}
     * (EPOLLEXCLUSIVE): a connection wakes one waiting loop (or a few) instead of all of them.
     */
    EXCLUSIVE
}
