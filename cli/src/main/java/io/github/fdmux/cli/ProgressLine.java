package io.github.fdmux.cli;

import java.io.PrintWriter;

/**
 * Progress of a long command on stderr. On a terminal, one line rewritten in place ({@code \r} and
 * erase-to-end-of-line) and erased at the end; elsewhere (a pipe, a file, a CI log) a plain line each
 * time the phase changes, so a log shows where the time went without a line per step.
 */
final class ProgressLine {
    private final PrintWriter err;
    private final boolean terminal;
    private String phase;

    ProgressLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** @return whether this JVM talks to a terminal (System.console() needs stdin and stdout to be one) */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * @param phase what is being done, e.g. "EPOLL/LEVEL": a new value starts a line where there is no terminal
     * @param step  the detail of this step, e.g. "[12/404] readableWhenDataArrives", shown on a terminal only
     */
    void show(String phase, String step) {
        if (terminal) {
            err.print("\r" + phase + " " + step + "\033[K");
            err.flush();
        } else if (!phase.equals(this.phase)) {
            err.println(phase + " ...");
            err.flush();
        }
        this.phase = phase;
    }

    /** Erases the line on a terminal; nothing elsewhere. */
    void done() {
        if (terminal && phase != null) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
