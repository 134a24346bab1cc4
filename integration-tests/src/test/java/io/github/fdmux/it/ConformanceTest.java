package io.github.fdmux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance catalogue × every backend available here × every mode it supports; each test
 * named {@code [BACKEND/MODE] behaviour}. A backend that is not available here gets one skipped
 * test per behaviour saying why (e.g. KQUEUE on Linux without libkqueue).
 */
class ConformanceTest {

    @TestFactory
    Stream<DynamicTest> conformance() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BackendStatus status : Pollers.statuses()) {
            Backend backend = status.backend();
            if (!status.available()) {
                String why = backend + " is not available here: " + status.reason();
                for (Behaviour b : Catalog.all()) {
                    tests.add(DynamicTest.dynamicTest("[" + backend + "] " + b.name(),
                            () -> Assumptions.abort(why)));
                }
                continue;
            }
            for (Mode mode : Mode.values()) {
                if (!status.capabilities().orElseThrow().supports(mode)) {
                    continue;
                }
                Target target = new Target(backend, mode);
                for (Behaviour b : Catalog.all()) {
                    if (b.appliesTo(mode)) {
                        tests.add(DynamicTest.dynamicTest("[" + target.label() + "] " + b.name(), () -> check(b, target)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Behaviour b, Target target) throws Throwable {
        Outcome o = Runner.run(b, target);
        if (o.skipped()) {
            Assumptions.abort(o.failure().getMessage());
        }
        if (o.failure() != null) {
            throw o.failure();
        }
        assertEquals(o.expected(), o.observed(), b.name() + " on " + target + ": documented answer vs observed");
    }
}
