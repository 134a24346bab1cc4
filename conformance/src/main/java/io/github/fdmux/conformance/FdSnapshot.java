package io.github.fdmux.conformance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process's open fds and what they are ({@code /proc/self/fd} on Linux, {@code /dev/fd}
 * elsewhere). Compared before and after every behaviour to prove nothing leaks.
 *
 * @param fds fd number → link target (e.g. {@code socket:[123]}, {@code anon_inode:[eventpoll]}), or
 *            {@code "?"} where the OS does not say
 */
public record FdSnapshot(Map<Integer, String> fds) {

    /** @return the current open fds */
    public static FdSnapshot take() {
        Path proc = Path.of("/proc/self/fd");
        Path dir = Files.isDirectory(proc) ? proc : Path.of("/dev/fd");
        Map<Integer, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return new FdSnapshot(out);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                int fd;
                try {
                    fd = Integer.parseInt(p.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                String target = "?";
                if (dir == proc) {
                    try {
                        target = Files.readSymbolicLink(p).toString();
                    } catch (IOException e) {
                        continue; // the directory stream's own fd, gone already
                    }
                }
                out.put(fd, target);
            }
        } catch (IOException e) {
            return new FdSnapshot(out);
        }
        return new FdSnapshot(out);
    }

    /** @return whether fds can be listed here */
    public static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd")) || Files.isDirectory(Path.of("/dev/fd"));
    }

    /** @return the number of open fds */
    public int count() {
        return fds.size();
    }

    /**
     * The kernel objects open now that were not open in {@code before}: sockets, pipes, epoll,
     * eventfd, kqueue. Jar files and other files the JVM opens lazily are not counted.
     *
     * @param before an earlier snapshot
     * @return a description of each new fd, empty if none
     */
    public Map<Integer, String> leakedSince(FdSnapshot before) {
        Map<Integer, String> leaked = new TreeMap<>();
        for (Map.Entry<Integer, String> e : fds.entrySet()) {
            String was = before.fds.get(e.getKey());
            String now = e.getValue();
            if (now.equals(was)) {
                continue;
            }
            if (now.equals("?") || now.startsWith("socket:") || now.startsWith("pipe:") || now.startsWith("anon_inode:")
                    || now.startsWith("/dev/null") || now.contains("fdmux-conformance")) {
                leaked.put(e.getKey(), now);
            }
        }
        return leaked;
    }
}
