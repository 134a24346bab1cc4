package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One conformance behaviour: a name that states it, the modes it applies to, the check, and the
 * documented answer per backend and mode. Where backends really differ, the answer differs and the
 * semantics matrix (docs/semantics.md) shows it.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class Behaviour {
    /** The answer of a behaviour every backend shares. */
    public static final String OK = "ok";

    private final String name;
    private final String group;
    private final String description;
    private final Set<Mode> modes;
    private final Check check;
    private final Map<Backend, String> byBackend;
    private final Map<Mode, String> byMode;
    private final Map<String, String> byTarget;
    private final Map<String, String> byVariant;
    private final String otherwise;
    private final String why;

    private Behaviour(Builder b) {
        this.name = b.name;
        this.group = b.group;
        this.description = Objects.requireNonNull(b.description, "description of " + b.name);
        this.modes = EnumSet.copyOf(b.modes);
        this.check = Objects.requireNonNull(b.check, "check of " + b.name);
        this.byBackend = new EnumMap<>(b.byBackend);
        this.byMode = new EnumMap<>(b.byMode);
        this.byTarget = Map.copyOf(b.byTarget);
        this.byVariant = Map.copyOf(b.byVariant);
        this.otherwise = b.otherwise;
        this.why = b.why;
    }

    /**
     * @param name a camelCase name that states the behaviour, e.g. {@code edgeReportsOncePerArrival}
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the group it is listed under in the matrix */
    public String group() {
        return group;
    }

    /** @return one sentence saying what is checked */
    public String description() {
        return description;
    }

    /** @return why backends differ, where they do (for docs/semantics.md), or an empty string */
    public String why() {
        return why;
    }

    /**
     * @param mode a mode
     * @return whether the behaviour applies to registrations in that mode
     */
    public boolean appliesTo(Mode mode) {
        return modes.contains(mode);
    }

    /** @return the modes it applies to */
    public Set<Mode> modes() {
        return EnumSet.copyOf(modes);
    }

    /** @return the check */
    public Check check() {
        return check;
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
     * The documented answer on one implementation of a backend ({@link io.github.fdmux.Capabilities#variant()},
     * e.g. KQUEUE through libkqueue): the variant's answer for the mode, the variant's answer, then
     * as {@link #expected(Target)}.
     *
     * @param target backend and mode
     * @param variant the implementation variant, or an empty string
     * @return the answer the check must return
     */
    public String expected(Target target, String variant) {
        if (!variant.isEmpty()) {
            String vm = byVariant.get(variantKey(target.backend(), variant, target.mode()));
            if (vm != null) {
                return vm;
            }
            String v = byVariant.get(variantKey(target.backend(), variant, null));
            if (v != null) {
                return v;
            }
        }
        String t = byTarget.get(target.label());
        if (t != null) {
            return t;
        }
        String b = byBackend.get(target.backend());
        if (b != null) {
            return b;
        }
        String m = byMode.get(target.mode());
        return m != null ? m : otherwise;
    }

    /**
     * @return the answers documented for implementation variants, keyed {@code BACKEND[variant]} or
     *     {@code BACKEND[variant]/MODE} (for the semantics matrix)
     */
    public Map<String, String> variantAnswers() {
        return new java.util.TreeMap<>(byVariant);
    }

    private static String variantKey(Backend backend, String variant, Mode mode) {
        return backend + "[" + variant + "]" + (mode == null ? "" : "/" + mode);
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
            byVariant.put(variantKey(backend, variant, null), answer);
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
            byVariant.put(variantKey(backend, variant, mode), answer);
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
         * @param value the check
         * @return the behaviour
         */
        public Behaviour check(Check value) {
            this.check = value;
            return new Behaviour(this);
        }
    }
}
