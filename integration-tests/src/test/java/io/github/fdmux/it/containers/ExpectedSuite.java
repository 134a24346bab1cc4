package io.github.fdmux.it.containers;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.conformance.Behaviour;
import io.github.fdmux.conformance.Catalog;
import io.github.fdmux.conformance.Target;
import io.github.fdmux.spi.BackendProvider;
import io.github.fdmux.spi.BackendSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the conformance suite must run in a Linux container, worked out on the host, independently of
 * what the container reports: every installed backend but KQUEUE (the image has no libkqueue) runs
 * every behaviour in every mode it supports; the tests of every other backend are skipped, one per
 * behaviour. The payload carries the same jars as this test's class path, so "installed" is the same.
 *
 * @param perTarget tests per target ({@code EPOLL/EDGE} → 48)
 * @param runnable  the backends that must run there
 * @param skipped   the backends whose tests are skipped there
 */
record ExpectedSuite(Map<String, Integer> perTarget, List<Backend> runnable, List<Backend> skipped) {

    /** @return the expectation for this build's backends in a Linux container */
    static ExpectedSuite forLinuxContainer() {
        Map<String, Integer> perTarget = new TreeMap<>();
        List<Backend> runnable = new ArrayList<>();
        List<Backend> skipped = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            Backend b = s.backend();
            if (!s.installed() || b == Backend.KQUEUE) {
                skipped.add(b);
                continue;
            }
            runnable.add(b);
            BackendProvider p = BackendSelector.systemDefault().provider(b).orElseThrow();
            Capabilities caps = p.capabilities();
            for (Mode m : Mode.values()) {
                if (caps.supports(m)) {
                    int n = 0;
                    for (Behaviour beh : Catalog.all()) {
                        if (beh.appliesTo(m)) {
                            n++;
                        }
                    }
                    perTarget.put(new Target(b, m).label(), n);
                }
            }
        }
        return new ExpectedSuite(Map.copyOf(perTarget), List.copyOf(runnable), List.copyOf(skipped));
    }

    /**
     * Backends the host runs but a container may lack for a reason outside this build: IO_URING,
     * whose io_uring_setup the engine's default seccomp profile refuses on recent Docker engines
     * (and allows on older ones, such as Debian's docker.io 20.10).
     */
    static final List<Backend> MAY_BE_REFUSED_IN_CONTAINERS = List.of(Backend.IO_URING);

    /**
     * The expectation once a container's report is in: a backend of {@link #MAY_BE_REFUSED_IN_CONTAINERS}
     * whose tests the container skipped (the reason is checked by the caller) moves from runnable to
     * skipped; all its tests must then be skipped, none run.
     *
     * @param rep the container's report
     * @return this expectation, or the adjusted one
     */
    ExpectedSuite given(SuiteReport rep) {
        List<Backend> run = new ArrayList<>(runnable);
        List<Backend> skip = new ArrayList<>(skipped);
        Map<String, Integer> targets = new TreeMap<>(perTarget);
        for (Backend b : MAY_BE_REFUSED_IN_CONTAINERS) {
            boolean skippedThere = rep.with(SuiteReport.Status.SKIPPED).stream().anyMatch(c -> c.target().equals(b.name()));
            if (run.contains(b) && skippedThere) {
                run.remove(b);
                skip.add(b);
                targets.keySet().removeIf(t -> t.startsWith(b.name() + "/"));
            }
        }
        return new ExpectedSuite(Map.copyOf(targets), List.copyOf(run), List.copyOf(skip));
    }

    /** @return how many tests run (not skipped) */
    int runnableTests() {
        return perTarget.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return how many tests are skipped because their backend is not there */
    int skippedTests() {
        return skipped.size() * Catalog.all().size();
    }

    /** @return every test the suite must report */
    int totalTests() {
        return runnableTests() + skippedTests();
    }
}
