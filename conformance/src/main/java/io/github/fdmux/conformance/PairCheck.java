package io.github.fdmux.conformance;

import io.github.fdmux.Interest;
import io.github.fdmux.Registration;

/**
 * The body of a check on one connected TCP pair with one side registered in the target's mode: the
 * steps most behaviours start with, written once here, so that a behaviour states only what it does
 * next. {@link #onServer}, {@link #onClient} and {@link #onReadableServer} turn a body into a {@link Check}.
 */
@FunctionalInterface
interface PairCheck {
    /**
     * @param f the fixture
     * @param p a fresh connected pair, closed at the end
     * @param r the registration of one side of it
     * @return the observed answer
     * @throws Exception any failure
     */
    String run(Fixture f, Resources.Pair p, Registration r) throws Exception;

    /**
     * @param interest the interest the accepted side ({@code p.server}) is registered with
     * @param body what follows
     * @return the check
     */
    static Check onServer(Interest interest, PairCheck body) {
        return f -> {
            Resources.Pair p = f.tcpPair();
            return body.run(f, p, f.register(p.server, interest));
        };
    }

    /**
     * @param interest the interest the connecting side ({@code p.client}) is registered with
     * @param body what follows
     * @return the check
     */
    static Check onClient(Interest interest, PairCheck body) {
        return f -> {
            Resources.Pair p = f.tcpPair();
            return body.run(f, p, f.register(p.client, interest));
        };
    }

    /**
     * @param body what follows once the accepted side, registered for READ, has been reported readable
     *     ({@link Fixture#registerReadable})
     * @return the check
     */
    static Check onReadableServer(PairCheck body) {
        return f -> {
            Resources.Pair p = f.tcpPair();
            return body.run(f, p, f.registerReadable(p));
        };
    }
}
