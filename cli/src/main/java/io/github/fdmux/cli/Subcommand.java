package io.github.fdmux.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code fdmux} subcommand has: picocli's model of it (injected), and the writers its
 * command line prints to (the terminal, or the test's {@code Cli} capture).
 */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** @return where the command's output goes */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return where progress and diagnostics go */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
