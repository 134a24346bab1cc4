package io.github.fdmux.it.reliability.mbt;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every model-based property's tries from {@code -Dfdmux.mbt.tries} (1,000 by default, which
 * keeps the default build fast; 100,000 for a long run). Each try runs its sequence on every backend
 * that supports the property's mode, so this is the number of sequences per backend and mode.
 */
public final class TriesFromProperty implements AroundPropertyHook {
    /** The system property. */
    public static final String PROPERTY = "fdmux.mbt.tries";

    /** @return the tries asked for */
    public static int tries() {
        return Integer.getInteger(PROPERTY, 1000);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
