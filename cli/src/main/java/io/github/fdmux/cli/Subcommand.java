package io.github.fdmux.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code fdmux} subcommand has: picocli's model of it (injected), and the writers its
 * command line prints to (the terminal, or the test's {@code Cli} capture), its output flushed
 * however it ends.
 */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = out();
        try {
            return run(out);
        } finally {
            out.flush();
        }
    }

    /**
     * Runs the command.
     *
     * @param out where its output goes (flushed when it returns or throws)
     * @return the exit code
     * @throws Exception a usage error (IllegalArgumentException) or a failure, which picocli reports
     */
    abstract int run(PrintWriter out) throws Exception;

    /** @return where the command's output goes */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return where progress and diagnostics go */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
