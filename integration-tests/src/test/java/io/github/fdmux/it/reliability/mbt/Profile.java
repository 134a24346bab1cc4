package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Backend;
import io.github.fdmux.unix.Native;

/**
 * What the reference model needs to know about a backend beyond its modes: the documented answers
 * where backends legitimately differ (the same ones the conformance matrix, docs/semantics.md,
 * shows). Everything else in the model is the same for every backend.
 *
 * @param backend the backend
 * @param forcedHangup whether a hang-up (EPOLLHUP / POLLHUP) is reported without any interest
 *     (epoll and poll(2) yes; kqueue has no filter without an interest, a Selector key with no
 *     interest ops never selects)
 * @param readClosedExact whether {@code readClosed} is exact: epoll, Linux poll(2) (POLLRDHUP) and
 *     kqueue (EV_EOF, set by the kernel as soon as the FIN is in, data buffered or not) say it; NIO
 *     never sets it (checked: must be false); poll(2) without POLLRDHUP (macOS, OpenBSD) makes it a
 *     hint, not compared; so does libkqueue, which sets EV_EOF only once the buffered data is read
 *     (found by these tests: peer writes, shuts down, the read filter says data without EV_EOF)
 * @param neverReadClosed NIO: a Selector has only OP_READ/OP_WRITE, readClosed is never set; SELECT:
 *     select(2)'s read and write sets, the same
 * @param separateFilters kqueue: read and write are two filters, each with its own edge. An EDGE
 *     report carries only the filters that fired (a data arrival fires the read filter alone), and
 *     a change that concerns only the write side (a peer's FIN with WRITE interest only) may fire
 *     nothing; so in edge modes the model does not compare {@code writable}, and says "may report"
 *     where only the write filter could fire
 */
public record Profile(Backend backend, boolean forcedHangup, boolean readClosedExact, boolean neverReadClosed,
        boolean separateFilters) {

    /**
     * @param backend a backend
     * @param caps its capabilities here (for the implementation variant)
     * @return its profile
     */
    public static Profile of(Backend backend, io.github.fdmux.Capabilities caps) {
        switch (backend) {
            case EPOLL:
                return new Profile(backend, true, true, false, false);
            case IO_URING:
                // Its POLL_ADDs always ask for POLLERR|POLLHUP (forced hang-ups) and for POLLRDHUP with read
                // interest (exact readClosed). Completions made between polls (all of them in these
                // single-threaded sequences) are re-polled by the next poll, so they report what is ready at
                // the poll, as epoll does (IoUringPoller.refreshStaleCompletions).
                return new Profile(backend, true, true, false, false);
            case POLL:
                return new Profile(backend, true, Native.isLinux(), false, false);
            case KQUEUE:
                return new Profile(backend, false, !"libkqueue".equals(caps.variant()), false, true);
            case NIO:
            case SELECT:
                // select(2)'s sets only say "a read / write would not block": no readClosed, and an fd
                // with no interest is in no set (like a Selector key with no interest ops).
                return new Profile(backend, false, false, true, false);
            default:
                throw new IllegalArgumentException("no model profile for " + backend
                        + "; say what it reports in mbt.Profile");
        }
    }
}
