package io.github.fdmux.it.reliability.mbt;

/**
 * How many sequences each model-based property runs per backend and mode: {@code -Dfdmux.mbt.tries}
 * (1,000 by default, which keeps the default build fast; 100,000 for a long run). The pom hands the
 * same number to jqwik as {@code jqwik.tries.default} (jqwik reads it from the JUnit Platform
 * configuration, which falls back to system properties); outside Maven pass both. Each try runs its
 * sequence on every backend that supports the property's mode, and
 * {@link ModelBasedTest#everyBackendAndModeRanTheTries()} checks that this many did run.
 */
final class Tries {
    /** The system property. */
    static final String PROPERTY = "fdmux.mbt.tries";

    private Tries() {
    }

    /** @return the tries asked for */
    static int tries() {
        return Integer.getInteger(PROPERTY, Integer.getInteger("jqwik.tries.default", 1000));
    }
}
