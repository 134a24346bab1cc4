package io.github.fdmux.conformance;

import io.github.fdmux.Interest;
import io.github.fdmux.Registration;

/**
 * The body of a check on one connected TCP pair with one side registered in the target's mode: the
 * steps most behaviours start with, written once here, so that a behaviour states only what it does
 * next. {@link #onServer}, {@link #onClient} and {@link #onReadableServer} turn a body into a {@link Check},
 * or a {@link Shared} body (one that only asserts) into a {@link SharedCheck}.
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

    /** The body of a check on a pair that every backend shares: it asserts, and answers ok once it returns. */
    @FunctionalInterface
    interface Shared {
        /**
         * @param f the fixture
         * @param p a fresh connected pair, closed at the end
         * @param r the registration of one side of it
         * @throws Exception any failure
         */
        void run(Fixture f, Resources.Pair p, Registration r) throws Exception;
    }

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

    /**
     * @param interest the interest the accepted side ({@code p.server}) is registered with
     * @param body what follows
     * @return the check, for {@link Behaviour.Builder#asserts}
     */
    static SharedCheck onServer(Interest interest, Shared body) {
        return onServer(interest, answeringOk(body))::run;
    }

    /**
     * @param interest the interest the connecting side ({@code p.client}) is registered with
     * @param body what follows
     * @return the check, for {@link Behaviour.Builder#asserts}
     */
    static SharedCheck onClient(Interest interest, Shared body) {
        return onClient(interest, answeringOk(body))::run;
    }

    /**
     * @param body what follows once the accepted side, registered for READ, has been reported readable
     * @return the check, for {@link Behaviour.Builder#asserts}
     */
    static SharedCheck onReadableServer(Shared body) {
        return onReadableServer(answeringOk(body))::run;
    }

    private static PairCheck answeringOk(Shared body) {
        return (f, p, r) -> {
            body.run(f, p, r);
            return Behaviour.OK;
        };
    }
}
