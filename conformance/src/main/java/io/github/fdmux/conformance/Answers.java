package io.github.fdmux.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The documented answers of one {@link Behaviour}: per implementation variant (and mode), per target,
 * per backend, per mode, and the answer where nothing more specific is documented. Built by
 * {@link Behaviour.Builder}; the lookup order is {@link #expected(Target, String)}'s.
 *
 * <p>Immutable; thread-safe.
 *
 * @param byBackend answers per backend
 * @param byMode    answers per mode (backend answers take precedence)
 * @param byTarget  answers per {@link Target#label()}
 * @param byVariant answers per {@code BACKEND[variant]} or {@code BACKEND[variant]/MODE}
 * @param otherwise the answer where nothing more specific is documented
 */
public record Answers(Map<Backend, String> byBackend, Map<Mode, String> byMode, Map<String, String> byTarget,
        Map<String, String> byVariant, String otherwise) {

    /**
     * Copies the maps.
     *
     * @param byBackend answers per backend
     * @param byMode    answers per mode
     * @param byTarget  answers per target label
     * @param byVariant answers per variant key
     * @param otherwise the default answer
     */
    public Answers {
        byBackend = Map.copyOf(byBackend);
        byMode = Map.copyOf(byMode);
        byTarget = Map.copyOf(byTarget);
        byVariant = Map.copyOf(byVariant);
        Objects.requireNonNull(otherwise, "otherwise");
    }

    /**
     * The documented answer on one implementation of a backend ({@link io.github.fdmux.Capabilities#variant()},
     * e.g. KQUEUE through libkqueue): the variant's answer for the mode, the variant's answer, then the
     * most specific of target, backend, mode, then the default.
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
     *     {@code BACKEND[variant]/MODE}, sorted by key (for the semantics matrix)
     */
    public Map<String, String> variantAnswers() {
        return new TreeMap<>(byVariant);
    }

    /**
     * @param backend a backend
     * @param variant its implementation
     * @param mode a mode, or null for the variant's answer in every mode
     * @return the key of {@link #byVariant()}
     */
    static String variantKey(Backend backend, String variant, Mode mode) {
        return backend + "[" + variant + "]" + (mode == null ? "" : "/" + mode);
    }
}
