package io.github.fdmux.conformance;

/**
 * The body of a behaviour every backend shares: it asserts what must always hold, and its answer is
 * {@link Behaviour#OK} once it returns ({@link Behaviour.Builder#asserts}).
 */
@FunctionalInterface
public interface SharedCheck {
    /**
     * @param f the fixture: a fresh poller for the target, and helpers that clean up after themselves
     * @throws Exception any failure, an {@link AssertionError} where something that must hold does not
     */
    void run(Fixture f) throws Exception;
}
