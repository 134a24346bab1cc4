package io.github.fdmux.cli;

import picocli.CommandLine.Option;

/** {@code -s}/{@code --size}: the ping-pong message of {@code fdmux compare} and {@code fdmux soak} (a picocli mixin). */
final class MessageSize {
    @Option(names = {"-s", "--size"}, paramLabel = "S", defaultValue = "64",
            description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size;
}
