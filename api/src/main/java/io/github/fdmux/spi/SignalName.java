package io.github.fdmux.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A validated signal: its name without "SIG" and its number on this OS (from the JDK, which reads
 * the C library's table). Refuses what no program may catch and what HotSpot keeps for itself, with
 * the reason, before anything is installed.
 *
 * @param name  the name, e.g. "HUP"
 * @param number the signal number here
 */
record SignalName(String name, int number) {
    /**
     * Signals fdmux refuses, and why; docs/sources.md has the table of what HotSpot does with each
     * signal. KILL, STOP, SEGV, ILL, FPE and QUIT the JVM refuses itself (observed on Linux, JDK 17 and
     * 25; JVM_RegisterSignal in src/hotspot/os/posix/jvm_posix.cpp, which on macOS refuses BUS too).
     * BUS, USR2 and TRAP it lets a program take although HotSpot depends on them
     * (src/hotspot/os/posix/signals_posix.cpp): taking them would break the JVM, not just the program.
     */
    private static final Map<String, String> REFUSED = Map.of(
            "KILL", "it cannot be caught or ignored (POSIX)",
            "STOP", "it cannot be caught or ignored (POSIX)",
            "SEGV", "HotSpot handles it itself (implicit null checks, stack overflow, safepoints, crash reports)",
            "ILL", "HotSpot handles it itself (crash reports)",
            "FPE", "HotSpot handles it itself (integer division by zero)",
            "QUIT", "HotSpot prints a thread dump on it and attach (jcmd, jstack) starts with it",
            "BUS", "HotSpot handles it itself (errors of memory-mapped files, crash reports); the JVM refuses it on"
                    + " macOS and would let it be replaced on Linux",
            "USR2", "HotSpot suspends and resumes threads with it (SR_signum in signals_posix.cpp); the JVM would"
                    + " let it be replaced",
            "TRAP", "HotSpot treats it as a synchronous error signal and uses it for implicit null checks on some"
                    + " CPUs (PPC64); the JVM would let it be replaced");

    static SignalName parse(String given) {
        Objects.requireNonNull(given, "name");
        String name = given.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        String why = REFUSED.get(name);
        if (why != null) {
            throw new IllegalArgumentException("signal " + name + " cannot be registered: " + why);
        }
        int number;
        try {
            number = new sun.misc.Signal(name).getNumber();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown signal name \"" + given + "\" on " + System.getProperty("os.name")
                    + " (give it without SIG, e.g. HUP, INT, TERM, USR1, CHLD, WINCH)", e);
        }
        return new SignalName(name, number);
    }

    @Override
    public String toString() {
        return "SIG" + name + " (" + number + ")";
    }
}
