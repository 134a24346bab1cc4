package io.github.fdmux.conformance;

import io.github.fdmux.unix.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sending signals to this process with kill(2), and finding out whether the process ignores one. */
final class ProcessSignals {
    private ProcessSignals() {
    }

    /**
     * Sends a signal to this process; it is pending for the process when this returns.
     *
     * @param number the signal number
     * @throws IOException if kill fails (naming the call and errno)
     */
    static void send(int number) throws IOException {
        int pid = Native.posix().getpid();
        if (Native.posix().kill(pid, number) < 0) {
            throw Native.exception("kill(" + pid + ", " + number + ")", -1, Native.posix().errno());
        }
    }

    /**
     * @param name a signal name without SIG
     * @return why this process cannot see the signal (its disposition was SIG_IGN when the JVM started,
     *     as under nohup, and HotSpot keeps it so for HUP, INT and TERM), or null
     * @throws IOException if /proc/self/status cannot be read
     */
    static String ignoredHere(String name) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return null; // not Linux: nothing to read it from; a registration refuses an ignored signal itself
        }
        int number = jnr.constants.platform.Signal.valueOf("SIG" + name).intValue();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                if ((mask & (1L << (number - 1))) != 0) {
                    return "SIG" + name + " is ignored by this process (SigIgn in /proc/self/status: started under"
                            + " nohup, or by a parent that ignores it)";
                }
            }
        }
        return null;
    }
}
