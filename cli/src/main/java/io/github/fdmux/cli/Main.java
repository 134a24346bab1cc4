package io.github.fdmux.cli;

import picocli.CommandLine;

/** Entry point of the {@code fdmux} command. */
public final class Main {
    private Main() {
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command without exiting (for tests).
     *
     * @param args command line
     * @return the exit code: 0 ok, 1 failure, 2 usage error
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** @return the configured picocli command line */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FdmuxCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        withVersion(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("fdmux: " + ex.getMessage());
            return ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException
                    ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** Every subcommand's --version (mixinStandardHelpOptions) prints fdmux's version, not nothing. */
    private static void withVersion(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new Version());
            }
            withVersion(sub);
        }
    }
}
