package io.github.fdmux.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.conformance.FdSnapshot;
import io.github.fdmux.unix.NativeBuffer;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.Map;

/**
 * What fdmux could leak, measured: the process's kernel objects (sockets, pipes, epoll, eventfd,
 * kqueue, io_uring; from {@code /proc/self/fd}), fdmux's own native memory ({@link NativeBuffer}'s live
 * counters) and the io_uring rings mapped into the process ({@code /proc/self/maps}).
 *
 * @param fds the open fds
 * @param liveBytes native bytes held by {@link NativeBuffer}s
 * @param liveBuffers live {@link NativeBuffer}s
 * @param ringMappings mappings of io_uring rings (Linux; 0 elsewhere)
 */
public record Leaks(FdSnapshot fds, long liveBytes, long liveBuffers, long ringMappings) {

    /** @return the state now */
    public static Leaks now() {
        return new Leaks(FdSnapshot.take(), NativeBuffer.liveBytes(), NativeBuffer.liveBuffers(), countRingMappings());
    }

    /**
     * @return the lines of {@code /proc/self/maps} that map an io_uring (the kernel names them
     *     {@code anon_inode:[io_uring]} or {@code [io_uring]}); 0 where there is no such file
     */
    static long countRingMappings() {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
        if (!java.nio.file.Files.isReadable(maps)) {
            return 0;
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(maps)) {
            return lines.filter(l -> l.contains("io_uring")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AssertionError("cannot read /proc/self/maps", e);
        }
    }

    /**
     * Opens and closes what the JDK and JNR open once per process and keep (the JDK's pre-close
     * socket pair, a selector's first fds, jffi's stub), so that a baseline taken afterwards only
     * moves when fdmux leaks.
     *
     * @param backend a backend to open a poller of once
     * @throws IOException if it cannot be opened
     */
    public static void warmUp(Backend backend) throws IOException {
        Pipe p = Pipe.open();
        p.source().close();
        p.sink().close();
        try (Poller poller = Pollers.open(backend)) {
            poller.stats();
        }
    }

    /**
     * Asserts nothing was leaked since {@code before}: no new socket, pipe or anonymous-inode fd,
     * and fdmux's native memory back where it was.
     *
     * @param before the earlier state
     * @param what what ran in between, for the message
     */
    public void assertNothingLeakedSince(Leaks before, String what) {
        Map<Integer, String> leaked = fds.leakedSince(before.fds);
        assertTrue(leaked.isEmpty(), what + " leaked fds: " + leaked);
        assertEquals(before.liveBuffers, liveBuffers, what + ": live NativeBuffers before vs after");
        assertEquals(before.liveBytes, liveBytes, what + ": live native bytes before vs after");
        assertEquals(before.ringMappings, ringMappings, what + ": io_uring ring mappings before vs after");
    }

    /** @return how many sockets, pipes and anonymous inodes (epoll, eventfd, ...) are open */
    public int kernelObjects() {
        int n = 0;
        for (String target : fds.fds().values()) {
            if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")
                    || target.equals("?")) {
                n++;
            }
        }
        return n;
    }
}
