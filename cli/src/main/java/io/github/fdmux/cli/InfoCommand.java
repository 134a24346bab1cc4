package io.github.fdmux.cli;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.unix.ChannelFd;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fdmux info}: this machine, every backend, the automatic choice and the capability tables. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the OS, every backend (available or not, and why), the automatic choice and why, and"
                + " each available backend's capabilities.")
final class InfoCommand extends Subcommand {
    @Option(names = "--json", description = "Print the same facts as one JSON object (keys: version, os, java,"
            + " channels, backends, chosen).")
    boolean json;

    @Override
    int run(PrintWriter out) throws IOException {
        // A nonsense FDMUX_BACKEND / -Dfdmux.backend is a usage error: say so before printing anything.
        io.github.fdmux.spi.BackendSelector.systemDefault().requested();
        if (json) {
            try (Poller chosen = Pollers.open()) {
                out.println(InfoJson.render(Pollers.statuses(), chosen, channelFdStrategy()));
            }
            return 0;
        }
        out.printf("fdmux %s%n", Version.version());
        out.printf("OS:       %s %s (%s)%n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        out.printf("Java:     %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.vendor"));
        out.printf("Channels: fd read via %s%n", channelFdStrategy());
        String refusal = io.github.fdmux.unix.SupportedPlatforms.refusal();
        out.printf("Native:   %s%n", refusal != null ? "refused here. " + refusal
                : "EPOLL (Linux), KQUEUE (macOS, FreeBSD 12+, OpenBSD; Linux through libkqueue), POLL (Linux,"
                        + " macOS, FreeBSD, OpenBSD) and SELECT (the same, 64-bit JVMs); not NetBSD, DragonFly BSD or Linux on sparc64/mips, where NIO is"
                        + " the backend; IO_URING on Linux 5.5+ (x86_64, aarch64), only when named");
        out.println();

        List<BackendStatus> statuses = Pollers.statuses();
        out.println("Backends:");
        for (BackendStatus s : statuses) {
            out.printf("  %-8s %-12s %s%n", s.backend(), s.available() ? "available" : "unavailable", s.reason());
        }
        out.println();

        // Opening is the only honest way to say what the automatic choice is: a backend can be
        // available and still fail to open (seccomp, fd limits), and then the choice falls through.
        try (Poller chosen = Pollers.open()) {
            out.printf("Chosen:   %s%n", chosen.backend());
            out.printf("Why:      %s%n", chosen.selectionReason());
        }
        for (BackendStatus s : statuses) {
            if (s.available()) {
                out.println();
                printCapabilities(out, s.capabilities().orElseThrow());
            }
        }
        return 0;
    }

    private static String channelFdStrategy() {
        try {
            return ChannelFd.strategy();
        } catch (LinkageError e) {
            return "unavailable (" + e + ")";
        }
    }

    static void printCapabilities(PrintWriter out, Capabilities c) {
        out.printf("Capabilities of %s:%n", c.backend());
        for (Mode m : Mode.values()) {
            out.printf("  %-22s %s%n", "mode " + m.id(), c.support(m).name().toLowerCase(Locale.ROOT));
        }
        for (EventSource source : EventSource.values()) {
            if (source != EventSource.FD) {
                out.printf("  %-22s %s%n", "source " + source.name().toLowerCase(Locale.ROOT),
                        c.support(source).name().toLowerCase(Locale.ROOT));
            }
        }
        out.printf("  %-22s %s%n", "raw fds", yesNo(c.rawFds()));
        out.printf("  %-22s %s%n", "exclusive wakeups", yesNo(c.exclusiveWakeups()));
        out.printf("  %-22s %s%n", "regular files", c.regularFiles() ? "yes (always ready)" : "no (refused)");
        out.printf("  %-22s %s%n", "timeout resolution", human(c.timeoutResolution()));
        out.printf("  %-22s %s%n", "fd limit", c.fdLimit().isPresent() ? "fds below " + c.fdLimit().getAsInt() + " only"
                : "none of its own (RLIMIT_NOFILE)");
        out.printf("  %-22s %s%n", "wakeup", c.wakeupMechanism());
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static String human(Duration d) {
        long ns = d.toNanos();
        if (ns % 1_000_000 == 0) {
            return ns / 1_000_000 + " ms";
        }
        if (ns % 1_000 == 0) {
            return ns / 1_000 + " µs";
        }
        return ns + " ns";
    }
}
