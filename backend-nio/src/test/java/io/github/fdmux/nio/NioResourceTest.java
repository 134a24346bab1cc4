package io.github.fdmux.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the JDK Selector keeps open, and that closing the poller lets go of it. Needs /proc (Linux). */
class NioResourceTest {
    private static final Path PROC_FDS = Path.of("/proc/self/fd");

    /** @return the kernel objects behind this process's fds that are sockets, pipes or anon inodes */
    private static Set<String> kernelObjects() throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC_FDS)) {
            for (Path p : ds) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("socket:") || target.startsWith("pipe:")
                            || target.startsWith("anon_inode:")) {
                        out.add(p.getFileName() + "->" + target);
                    }
                } catch (IOException e) {
                    // the directory stream's own fd, closed already
                }
            }
        }
        return out;
    }

    private static Set<String> since(Set<String> before) throws IOException {
        Set<String> now = kernelObjects();
        now.removeAll(before);
        return now;
    }

    @ParameterizedTest
    @MethodSource("io.github.fdmux.nio.Providers#names")
    void aChannelClosedWhileRegisteredKeepsItsFdUntilThePollerCloses(String provider) throws Exception {
        assumeTrue(Files.isDirectory(PROC_FDS), "needs /proc/self/fd (Linux) to see which fds are open");
        Poller poller = NioPollers.open(Providers.get(provider));
        poller.pollNow(new ReadyEvents(4)); // the selector's own fds exist from here on
        Set<String> before = kernelObjects();
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(l.getLocalAddress());
            SocketChannel server = l.accept();
            server.configureBlocking(false);
            poller.register(server, Interest.READ, Mode.LEVEL, null);
            poller.pollNow(new ReadyEvents(4));
            client.close();
            server.close();
        }
        assertEquals(1, since(before).size(), "the JDK defers closing a registered channel's fd: " + since(before));
        poller.close();
        assertEquals(Set.of(), since(before), "closing the poller deregisters the key and closes the fd");
    }

    @ParameterizedTest
    @MethodSource("io.github.fdmux.nio.Providers#names")
    void thousandOpenCloseCyclesLeaveNoFd(String provider) throws Exception {
        assumeTrue(Files.isDirectory(PROC_FDS), "needs /proc/self/fd (Linux) to see which fds are open");
        try (Poller warm = NioPollers.open(Providers.get(provider))) {
            warm.pollNow(new ReadyEvents(4));
        }
        Set<String> before = kernelObjects();
        for (int i = 0; i < 1000; i++) {
            try (Poller p = NioPollers.open(Providers.get(provider))) {
                java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
                pipe.source().configureBlocking(false);
                p.register(pipe.source(), Interest.READ, Mode.ONESHOT, null);
                p.pollNow(new ReadyEvents(4));
                pipe.source().close();
                pipe.sink().close();
            }
        }
        assertEquals(Set.of(), since(before), "open fds after 1,000 open/register/close cycles");
    }
}
