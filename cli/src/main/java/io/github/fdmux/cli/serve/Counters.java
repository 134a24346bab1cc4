package io.github.fdmux.cli.serve;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's own counters, shared by its loops and workers. Each changes once per connection or
 * per backpressure transition, never per message, so atomics cost nothing that matters.
 */
final class Counters {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong idleClosed = new AtomicLong();
    final AtomicLong readPauses = new AtomicLong();
    final AtomicLong readResumes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
}
