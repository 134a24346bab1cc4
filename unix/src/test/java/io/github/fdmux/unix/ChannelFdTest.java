package io.github.fdmux.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelFdTest {

    @Test
    void everyJdkChannelKindHasItsRealFd() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux) to know the true fds");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Pipe pipe = Pipe.open();
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept();
                 DatagramChannel udp = DatagramChannel.open();
                 Pipe.SourceChannel source = pipe.source();
                 Pipe.SinkChannel sink = pipe.sink()) {
                List<SelectableChannel> all = List.of(server, client, accepted, udp, source, sink);
                List<Integer> fds = new ArrayList<>();
                for (SelectableChannel ch : all) {
                    int fd = ChannelFd.of(ch);
                    String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                    assertTrue(target.startsWith("socket:") || target.startsWith("pipe:"), ch + " -> " + target);
                    fds.add(fd);
                }
                assertEquals(all.size(), fds.stream().distinct().count(), "distinct fds " + fds);
            }
        }
    }

    @Test
    void theUnsafeReaderAgreesWithTheExportedAccessor() throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            ChannelFd.FdReader unsafe = ChannelFd.UnsafeFieldReader.forClass(ch.getClass());
            assertNotNull(unsafe, "Unsafe reader for " + ch.getClass());
            assertEquals(ChannelFd.of(ch), unsafe.fd(ch));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void aForeignChannelClassIsRefusedWithAHint() {
        SelectableChannel foreign = new AbstractSelectableChannel(null) {
            @Override
            protected void implCloseSelectableChannel() {
            }

            @Override
            protected void implConfigureBlocking(boolean block) {
            }

            @Override
            public int validOps() {
                return 0;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelFd.of(foreign));
        assertTrue(e.getMessage().contains("NIO backend"), e.getMessage());
    }

    /** Proves the point of the class: a JVM started with no flags at all still gets the fd. */
    @Test
    void worksInAJvmStartedWithoutAnyFlags() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(java, "-cp", cp, ChannelFdProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("strategy=Unsafe read of fdVal"), out);
        assertTrue(out.contains("matches=true"), out);
    }

    /** Run by {@link #worksInAJvmStartedWithoutAnyFlags()} in a fresh JVM. */
    public static final class ChannelFdProbe {
        public static void main(String[] args) throws Exception {
            try (SocketChannel ch = SocketChannel.open()) {
                int fd = ChannelFd.of(ch);
                File link = new File("/proc/self/fd/" + fd);
                boolean matches = !link.exists()
                        || Files.readSymbolicLink(link.toPath()).toString().startsWith("socket:");
                System.out.println("strategy=" + ChannelFd.strategy() + " fd=" + fd + " matches=" + matches);
            }
        }
    }
}
