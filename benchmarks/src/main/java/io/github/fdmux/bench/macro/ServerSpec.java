package io.github.fdmux.bench.macro;

import java.util.List;

/**
 * A server under test: how to start it, and what it is.
 *
 * @param name    the row label, e.g. {@code fdmux EPOLL edge}
 * @param command the command line; it prints {@code listening on 127.0.0.1:PORT} (nginx: see {@link #nginx})
 * @param http    whether it speaks HTTP (else echo)
 * @param nginx   an nginx started from a generated config (command is then only the nginx binary)
 */
record ServerSpec(String name, List<String> command, boolean http, boolean nginx) {
}
