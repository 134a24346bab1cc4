package io.github.fdmux.it.reliability.mbt;

/**
 * How many sequences each model-based test runs per backend and mode: {@code -Dfdmux.mbt.tries}
 * (1,000 by default, which keeps the default build fast; 100,000 for a long run).
 */
final class Tries {
    /** The system property. */
    static final String PROPERTY = "fdmux.mbt.tries";

    private Tries() {
    }

    /** @return the tries asked for */
    static int tries() {
        return Integer.getInteger(PROPERTY, 1000);
    }
}
