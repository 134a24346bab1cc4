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
    /** Signals fdmux refuses, and why. The JVM refuses some of them too, with a less helpful message. */
    private static final Map<String, String> REFUSED = Map.of(
            "KILL", "it cannot be caught or ignored (POSIX)",
            "STOP", "it cannot be caught or ignored (POSIX)",
            "SEGV", "HotSpot handles it itself (implicit null checks, stack overflow, crash reports)",
            "BUS", "HotSpot handles it itself (memory-mapped file errors, crash reports)",
            "FPE", "HotSpot handles it itself (integer division by zero)",
            "ILL", "HotSpot handles it itself (crash reports)",
            "QUIT", "HotSpot prints a thread dump on it (unless the JVM runs with -Xrs)",
            "USR2", "HotSpot suspends and resumes threads with it on Linux and macOS (SR_signum)");

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
