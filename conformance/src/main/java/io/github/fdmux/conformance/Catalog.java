package io.github.fdmux.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every conformance behaviour, in the order of the semantics matrix. Add a behaviour here and every
 * backend gets it; add a backend and it gets all of them.
 */
public final class Catalog {
    private static final List<Behaviour> ALL = build();

    private Catalog() {
    }

    private static List<Behaviour> build() {
        List<Behaviour> all = new ArrayList<>();
        all.addAll(ReadinessBehaviours.all());
        all.addAll(ModeBehaviours.all());
        all.addAll(HangupBehaviours.all());
        all.addAll(LifecycleBehaviours.all());
        all.addAll(RawFdBehaviours.all());
        all.addAll(ThreadingBehaviours.all());
        all.addAll(ScaleBehaviours.all());
        all.addAll(SourceBehaviours.support());
        all.addAll(TimerBehaviours.all());
        all.addAll(SourceBehaviours.all());
        Set<String> names = new HashSet<>();
        for (Behaviour b : all) {
            if (!names.add(b.name())) {
                throw new IllegalStateException("two behaviours named " + b.name());
            }
        }
        return List.copyOf(all);
    }

    /** @return every behaviour */
    public static List<Behaviour> all() {
        return ALL;
    }
}
