package io.github.fdmux.it.reliability;

import io.github.fdmux.conformance.Resources;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Poller;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One misuse of the API and what it must do on a backend, given that backend's capabilities.
 *
 * @param name what is done wrong
 * @param expected the outcome the contract promises for a backend with these capabilities
 * @param action the misuse; gets a fresh poller of the backend under test and resources closed after it
 */
public record Misuse(String name, Function<Capabilities, Outcome> expected, Action action) {

    /** The misuse itself. */
    @FunctionalInterface
    public interface Action {
        /**
         * @param poller a fresh poller, closed after the action
         * @param resources closed after the action
         * @return what the call returned (compared with {@link Outcome.Returns})
         * @throws Throwable what it threw (compared with {@link Outcome.Throws})
         */
        Object run(Poller poller, Resources resources) throws Throwable;
    }

    /** What a misuse must do. */
    public sealed interface Outcome permits Outcome.Throws, Outcome.Returns {

        /**
         * Throws exactly {@code type} (not a subclass) whose message contains every fragment
         * (case-insensitive). An empty fragment list is only used for the JDK exceptions that carry
         * no message by design (ClosedChannelException, IllegalBlockingModeException): there the
         * type is the name of the problem.
         *
         * @param type the exact class
         * @param fragments what the message must mention
         */
        record Throws(Class<? extends Throwable> type, List<String> fragments) implements Outcome {
            /**
             * @param type the exact class
             * @param fragments what the message must mention
             */
            public Throws {
                Objects.requireNonNull(type);
                fragments = List.copyOf(fragments);
            }

            /** @return a description for failure messages */
            @Override
            public String toString() {
                return type.getSimpleName() + (fragments.isEmpty() ? "" : " mentioning " + fragments);
            }
        }

        /**
         * Returns normally with this value ({@code equals}).
         *
         * @param value the value; may be null
         */
        record Returns(Object value) implements Outcome {
            @Override
            public String toString() {
                return "returns " + value;
            }
        }

        /**
         * @param type the exact exception class
         * @param fragments what its message must mention
         * @return the outcome
         */
        static Outcome throwing(Class<? extends Throwable> type, String... fragments) {
            return new Throws(type, Arrays.asList(fragments));
        }

        /**
         * @param value the value returned
         * @return the outcome
         */
        static Outcome returning(Object value) {
            return new Returns(value);
        }
    }
}
