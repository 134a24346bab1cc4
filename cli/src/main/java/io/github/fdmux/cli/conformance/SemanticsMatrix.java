package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Catalog;
import io.github.fdmux.conformance.Outcome;
import io.github.fdmux.conformance.Runner;
import io.github.fdmux.conformance.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The conformance catalogue run on this machine's backends: behaviour × backend/mode → what was
 * observed. The same behaviours and the same {@link Runner} as the JUnit suite, so the matrix
 * shows exactly what the tests assert.
 *
 * <p>Not thread-safe; immutable once {@link #run run}.
 */
public final class SemanticsMatrix {
    /** Shown where a behaviour applies to none of a backend's modes. */
    public static final String NOT_APPLICABLE = "—";

    private final List<Behaviour> behaviours;
    private final Map<Backend, List<Mode>> modes;
    private final Map<String, Map<Target, Outcome>> outcomes = new LinkedHashMap<>();

    private SemanticsMatrix(List<Behaviour> behaviours, Map<Backend, List<Mode>> modes) {
        this.behaviours = behaviours;
        this.modes = modes;
    }

    /** Told before each behaviour runs, for a progress line. */
    public interface Progress {
        /**
         * @param done behaviour runs finished
         * @param total behaviour runs in all
         * @param next the one starting
         * @param target where
         */
        void step(int done, int total, Behaviour next, Target target);
    }

    /**
     * @param statuses the backends' statuses ({@link Pollers#statuses()})
     * @param wanted the backends to run, empty for every available one
     * @return the available backends among those wanted, in preference order, each with its supported modes
     * @throws IllegalArgumentException if a wanted backend is not available here
     */
    public static Map<Backend, List<Mode>> backends(List<BackendStatus> statuses, Collection<Backend> wanted) {
        Map<Backend, List<Mode>> out = new EnumMap<>(Backend.class);
        for (BackendStatus s : statuses) {
            if (!wanted.isEmpty() && !wanted.contains(s.backend())) {
                continue;
            }
            if (!s.available()) {
                if (!wanted.isEmpty()) {
                    throw new IllegalArgumentException(s.backend() + " is not available here: " + s.reason());
                }
                continue;
            }
            List<Mode> ms = new ArrayList<>();
            for (Mode m : Mode.values()) {
                if (s.capabilities().orElseThrow().supports(m)) {
                    ms.add(m);
                }
            }
            out.put(s.backend(), ms);
        }
        return out;
    }

    /**
     * Runs the behaviours on every backend and supported mode given.
     *
     * @param backends backends and their modes, from {@link #backends}
     * @param filter which behaviours to run
     * @param progress told before each run
     * @return the matrix
     */
    public static SemanticsMatrix run(Map<Backend, List<Mode>> backends, Predicate<Behaviour> filter,
            Progress progress) {
        List<Behaviour> selected = new ArrayList<>();
        for (Behaviour b : Catalog.all()) {
            if (filter.test(b)) {
                selected.add(b);
            }
        }
        SemanticsMatrix m = new SemanticsMatrix(selected, new EnumMap<>(backends));
        List<Map.Entry<Behaviour, Target>> work = new ArrayList<>();
        for (Behaviour b : selected) {
            for (Map.Entry<Backend, List<Mode>> e : backends.entrySet()) {
                for (Mode mode : e.getValue()) {
                    if (b.appliesTo(mode)) {
                        work.add(Map.entry(b, new Target(e.getKey(), mode)));
                    }
                }
            }
        }
        for (int i = 0; i < work.size(); i++) {
            Behaviour b = work.get(i).getKey();
            Target t = work.get(i).getValue();
            progress.step(i, work.size(), b, t);
            m.outcomes.computeIfAbsent(b.name(), k -> new LinkedHashMap<>()).put(t, Runner.run(b, t));
        }
        return m;
    }

    /** @return the behaviours run, in catalogue order */
    public List<Behaviour> behaviours() {
        return behaviours;
    }

    /** @return the backends run, in preference order */
    public List<Backend> backends() {
        return new ArrayList<>(modes.keySet());
    }

    /**
     * @param backend a backend that ran
     * @return the modes it ran in
     */
    public List<Mode> modes(Backend backend) {
        return modes.getOrDefault(backend, List.of());
    }

    /**
     * @param behaviour a behaviour
     * @param target a backend and mode
     * @return what happened, or null if it did not run there
     */
    public Outcome outcome(Behaviour behaviour, Target target) {
        Map<Target, Outcome> byTarget = outcomes.get(behaviour.name());
        return byTarget == null ? null : byTarget.get(target);
    }

    /**
     * The merged cell of a behaviour on a backend: the answer if every mode it applies to agrees,
     * else the answers per mode ({@code "level, oneshot: x; edge: y"}).
     *
     * @param behaviour a behaviour
     * @param backend a backend that ran
     * @return the cell text (one line)
     */
    public String cell(Behaviour behaviour, Backend backend) {
        Map<String, List<String>> byAnswer = new LinkedHashMap<>();
        for (Mode mode : modes(backend)) {
            Outcome o = outcome(behaviour, new Target(backend, mode));
            if (o != null) {
                byAnswer.computeIfAbsent(answer(o), k -> new ArrayList<>()).add(mode.id());
            }
        }
        return merge(byAnswer);
    }

    /**
     * @param byAnswer answer → the modes that gave it, in mode order
     * @return the one answer if all agree, else {@code "level, oneshot: x; edge: y"};
     *     {@link #NOT_APPLICABLE} if there are none
     */
    static String merge(Map<String, List<String>> byAnswer) {
        if (byAnswer.isEmpty()) {
            return NOT_APPLICABLE;
        }
        if (byAnswer.size() == 1) {
            return byAnswer.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        byAnswer.forEach((answer, ms) -> parts.add(String.join(", ", ms) + ": " + answer));
        return String.join("; ", parts);
    }

    /**
     * @param o an outcome
     * @return the observed answer; or {@code skipped: why}; or {@code FAILED: ...} with the documented answer
     */
    static String answer(Outcome o) {
        if (o.skipped()) {
            return "skipped: " + oneLine(o.failure().getMessage());
        }
        if (o.failure() != null) {
            return "FAILED: " + oneLine(String.valueOf(o.failure().getMessage()));
        }
        if (!o.passed()) {
            return "FAILED: observed '" + o.observed() + "', documented '" + o.expected() + "'";
        }
        return o.observed();
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " ");
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
    }

    /** @return every outcome that neither passed nor was skipped */
    public List<Outcome> failures() {
        List<Outcome> out = new ArrayList<>();
        for (Map<Target, Outcome> byTarget : outcomes.values()) {
            for (Outcome o : byTarget.values()) {
                if (!o.passed() && !o.skipped()) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** @return how many behaviour runs there were */
    public int runs() {
        return outcomes.values().stream().mapToInt(Map::size).sum();
    }

    /** @return how many were skipped */
    public int skipped() {
        return (int) outcomes.values().stream().flatMap(m -> m.values().stream()).filter(Outcome::skipped).count();
    }
}
