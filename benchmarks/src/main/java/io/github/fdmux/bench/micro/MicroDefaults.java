package io.github.fdmux.bench.micro;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every micro benchmark shares (JMH reads them from the superclass, as in its
 * sample 24, "Inheritance"): per-thread state, 3 warm-up and 5 measured one-second iterations, one
 * fork with the flag fdmux's NIO channel access needs. Each benchmark states its own mode and unit.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED"})
public abstract class MicroDefaults {
}
