package io.github.fdmux.cli.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process holds, read from {@code /proc/<pid>}: its open fds and its resident memory.
 * Linux only; {@link #supported()} says whether it works here.
 */
public final class ProcessProbe {
    private ProcessProbe() {
    }

    /** @return whether {@code /proc} describes processes here */
    public static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /**
     * @param pid a process id
     * @return how many fds it has open
     * @throws IOException if /proc cannot be read
     */
    public static int openFds(long pid) throws IOException {
        String[] names = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        if (names == null) {
            throw new IOException("cannot list /proc/" + pid + "/fd");
        }
        return names.length;
    }

    /**
     * @param pid a process id
     * @return its resident set size in bytes (VmRSS)
     * @throws IOException if /proc cannot be read
     */
    public static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}
