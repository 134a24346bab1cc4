package io.github.fdmux.cli.serve;

import io.github.fdmux.PollerStats;

/**
 * A snapshot of a {@link Server}'s counters.
 *
 * @param poller       the pollers' counters, summed over every loop
 * @param accepted     connections accepted
 * @param open         connections open now
 * @param closed       connections closed (by either side, by idle timeout or at shutdown)
 * @param idleClosed   connections closed by the idle timeout
 * @param readPauses   times a connection stopped reading because its pending output reached the
 *                     high-water mark (its interest lost READ)
 * @param readResumes  times a paused connection started reading again
 * @param errors       connections closed by an I/O error (a reset, for instance)
 */
public record ServerStats(PollerStats poller, long accepted, long open, long closed, long idleClosed, long readPauses,
        long readResumes, long errors) {
}
