package io.github.fdmux.conformance;

/** The body of a behaviour: asserts what must always hold and returns what it observed. */
@FunctionalInterface
public interface Check {
    /**
     * @param f the fixture: a fresh poller for the target, and helpers that clean up after themselves
     * @return the observed answer, compared with the documented one ({@code "ok"} for behaviours
     *     every backend shares)
     * @throws Exception any failure
     */
    String run(Fixture f) throws Exception;
}
