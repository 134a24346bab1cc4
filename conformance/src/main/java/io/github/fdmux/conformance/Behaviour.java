package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One conformance behaviour: a name that states it, the modes it applies to, the check, and the
 * documented answer per backend and mode ({@link Answers}). Where backends really differ, the answer
 * differs and the semantics matrix (docs/semantics.md) shows it.
 *
 * <p>Immutable once built; thread-safe.
 *
 * @param name        a camelCase name that states the behaviour, e.g. {@code edgeReportsOncePerArrival}
 * @param group       the group it is listed under in the matrix
 * @param description one sentence saying what is checked
 * @param why         why backends differ, where they do (for docs/semantics.md), or an empty string
 * @param modes       the modes it applies to
 * @param check       the check
 * @param answers     the documented answers
 */
public record Behaviour(String name, String group, String description, String why, Set<Mode> modes, Check check,
        Answers answers) {
    /** The answer of a behaviour every backend shares. */
    public static final String OK = "ok";

    /**
     * Checks that nothing required is missing and copies the modes.
     *
     * @param name        the name
     * @param group       the group
     * @param description one sentence
     * @param why         why backends differ, or an empty string
     * @param modes       the modes (not empty)
     * @param check       the check
     * @param answers     the documented answers
     */
    public Behaviour {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description of " + name);
        Objects.requireNonNull(check, "check of " + name);
        Objects.requireNonNull(answers, "answers of " + name);
        modes = Collections.unmodifiableSet(EnumSet.copyOf(modes));
    }

    /**
     * @param name a camelCase name that states the behaviour, e.g. {@code edgeReportsOncePerArrival}
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * @param mode a mode
     * @return whether the behaviour applies to registrations in that mode
     */
    public boolean appliesTo(Mode mode) {
        return modes.contains(mode);
    }

    /**
     * The documented answer where the backend has a single implementation (or its variant documents
     * nothing special): the most specific of target, backend, mode, then the default.
     *
     * @param target backend and mode
     * @return the answer the check must return
     */
    public String expected(Target target) {
        return expected(target, "");
    }

    /**
     * The documented answer on one implementation of a backend ({@link io.github.fdmux.Capabilities#variant()}):
     * see {@link Answers#expected(Target, String)}.
     *
     * @param target backend and mode
     * @param variant the implementation variant, or an empty string
     * @return the answer the check must return
     */
    public String expected(Target target, String variant) {
        return answers.expected(target, variant);
    }

    /**
     * @return the answers documented for implementation variants, keyed {@code BACKEND[variant]} or
     *     {@code BACKEND[variant]/MODE} (for the semantics matrix)
     */
    public Map<String, String> variantAnswers() {
        return answers.variantAnswers();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Behaviour}. */
    public static final class Builder {
        private final String name;
        private String group = "";
        private String description;
        private Set<Mode> modes = EnumSet.allOf(Mode.class);
        private Check check;
        private final Map<Backend, String> byBackend = new EnumMap<>(Backend.class);
        private final Map<Mode, String> byMode = new EnumMap<>(Mode.class);
        private final Map<String, String> byTarget = new java.util.HashMap<>();
        private final Map<String, String> byVariant = new java.util.HashMap<>();
        private String otherwise = OK;
        private String why = "";

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param value the matrix group
         * @return this
         */
        public Builder group(String value) {
            this.group = value;
            return this;
        }

        /**
         * @param value one sentence
         * @return this
         */
        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /**
         * Restricts the behaviour to some modes (default: all).
         *
         * @param first a mode
         * @param rest more modes
         * @return this
         */
        public Builder modes(Mode first, Mode... rest) {
            this.modes = EnumSet.of(first, rest);
            return this;
        }

        /**
         * @param backend a backend
         * @param answer its documented answer
         * @return this
         */
        public Builder expect(Backend backend, String answer) {
            byBackend.put(backend, answer);
            return this;
        }

        /**
         * @param mode a mode
         * @param answer the documented answer in that mode (backend answers take precedence)
         * @return this
         */
        public Builder expect(Mode mode, String answer) {
            byMode.put(mode, answer);
            return this;
        }

        /**
         * @param backend a backend
         * @param mode a mode
         * @param answer the documented answer for exactly that target
         * @return this
         */
        public Builder expect(Backend backend, Mode mode, String answer) {
            byTarget.put(new Target(backend, mode).label(), answer);
            return this;
        }

        /**
         * The answer of one implementation of a backend, where it differs from the backend's
         * documented answer (say why in {@link #why(String)}).
         *
         * @param backend a backend
         * @param variant its implementation, as {@link io.github.fdmux.Capabilities#variant()} names it
         * @param answer the documented answer there
         * @return this
         */
        public Builder expectOn(Backend backend, String variant, String answer) {
            byVariant.put(Answers.variantKey(backend, variant, null), answer);
            return this;
        }

        /**
         * @param backend a backend
         * @param variant its implementation
         * @param mode a mode
         * @param answer the documented answer of that implementation in that mode
         * @return this
         */
        public Builder expectOn(Backend backend, String variant, Mode mode, String answer) {
            byVariant.put(Answers.variantKey(backend, variant, mode), answer);
            return this;
        }

        /**
         * @param answer the answer where nothing more specific is documented (default {@link #OK})
         * @return this
         */
        public Builder otherwise(String answer) {
            this.otherwise = answer;
            return this;
        }

        /**
         * @param value why the kernels differ, for the semantics page
         * @return this
         */
        public Builder why(String value) {
            this.why = value;
            return this;
        }

        /**
         * The check of a behaviour every backend shares, whose answer is {@link #OK} once its
         * assertions hold: for behaviours that document no other answer.
         *
         * @param value the assertions
         * @return the behaviour
         * @throws IllegalStateException if an answer other than {@link #OK} is documented (the check
         *     would then have to return what it observed: use {@link #check(Check)})
         */
        public Behaviour asserts(SharedCheck value) {
            boolean onlyOk = byBackend.isEmpty() && byMode.isEmpty() && byTarget.isEmpty() && byVariant.isEmpty()
                    && OK.equals(otherwise);
            if (!onlyOk) {
                throw new IllegalStateException(name + " documents answers other than " + OK
                        + ": its check must return what it observed");
            }
            return check(f -> {
                value.run(f);
                return OK;
            });
        }

        /**
         * @param value the check
         * @return the behaviour
         */
        public Behaviour check(Check value) {
            this.check = value;
            return new Behaviour(name, group, description, why, modes, check,
                    new Answers(byBackend, byMode, byTarget, byVariant, otherwise));
        }
    }
}
