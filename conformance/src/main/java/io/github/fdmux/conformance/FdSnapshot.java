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
 *            where the OS has no such links (macOS, the BSDs: {@code /dev/fd}), what fstat says it is:
 *            {@code socket:}, {@code pipe:}, {@code file:}, {@code chr:}, {@code dir:}, or
 *            {@code kernel:} for the objects without a file type (kqueues), or {@code "?"}
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
                if (dir != proc) {
                    target = typeOf(fd);
                } else {
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

    /**
     * Names what an fd is from its fstat type, for systems without /proc (the leak check must not
     * blame a behaviour for a jar or device file the JVM opened lazily, only for sockets, pipes and
     * kernel queues).
     */
    static String typeOf(int fd) {
        try {
            io.github.fdmux.unix.FileIdentity id = io.github.fdmux.unix.FileIdentity.of(fd);
            switch (id.type()) {
                case jnr.posix.FileStat.S_IFSOCK: return "socket:" + id.inode();
                case jnr.posix.FileStat.S_IFIFO: return "pipe:" + id.inode();
                case jnr.posix.FileStat.S_IFREG: return "file:" + id.inode();
                case jnr.posix.FileStat.S_IFCHR: return "chr:" + id.inode();
                case jnr.posix.FileStat.S_IFDIR: return "dir:" + id.inode();
                default: return "kernel:" + id.type() + ":" + id.inode();
            }
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            return "?";
        }
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
                    || now.startsWith("kernel:")
                    || now.startsWith("/dev/null") || now.contains("fdmux-conformance")) {
                leaked.put(e.getKey(), now);
            }
        }
        return leaked;
    }
}
