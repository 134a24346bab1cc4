package io.github.fdmux.spi;

import io.github.fdmux.spi.testing.MemoryPoller;

/**
 * Run in a child JVM by {@link SignalNameTest}: registers each signal named on the command line and
 * prints "registered NAME" or "refused NAME: message".
 */
final class IgnoredSignalProbe {
    private IgnoredSignalProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (MemoryPoller p = new MemoryPoller()) {
            for (String name : args) {
                try {
                    p.registerSignal(name, null).cancel();
                    System.out.println("registered " + name);
                } catch (IllegalArgumentException e) {
                    System.out.println("refused " + name + ": " + e.getMessage());
                }
            }
        }
    }
}
