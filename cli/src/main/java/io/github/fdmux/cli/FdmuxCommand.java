package io.github.fdmux.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code fdmux} command. */
@Command(name = "fdmux", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Multiplex fd readiness through epoll, kqueue, poll(2) or the JDK Selector.",
        subcommands = {InfoCommand.class, CompareCommand.class, ServeCommand.class, ConformanceCommand.class,
            SoakCommand.class, CommandLine.HelpCommand.class})
final class FdmuxCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
