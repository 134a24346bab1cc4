package io.github.fdmux.cli.compare;

import io.github.fdmux.unix.ChannelFd;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.ResourceLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import jnr.constants.platform.Fcntl;

/**
 * {@code --idle N}: N connections to the server that never send, so that the server holds N
 * registered, silent connections beside the active ones: the load under which select(2) and
 * poll(2), whose cost grows with the fds watched, part ways with epoll and kqueue, whose cost grows
 * with the ready ones.
 *
 * <p>The server runs in this process, so the client ends take fd numbers too. Each client end is
 * moved to a number at or above {@link #CLIENT_FD_FLOOR} (fcntl F_DUPFD, then the channel's own fd
 * is closed; the socket stays open through the copy), so the server's fds stay as low as they
 * would be with the clients elsewhere: SELECT, which watches fds below FD_SETSIZE only, can then
 * hold nearly FD_SETSIZE connections.
 */
final class IdleConnections implements AutoCloseable {
    /** The client ends live at and above this fd number: FD_SETSIZE of Linux and macOS. */
    static final int CLIENT_FD_FLOOR = 1024;

    private final int[] fds;
    private int opened;

    private IdleConnections(int count) {
        this.fds = new int[count];
    }

    /**
     * @param server where to connect
     * @param count N
     * @return the open connections
     * @throws IOException if one cannot be opened (those opened are closed again)
     */
    static IdleConnections open(InetSocketAddress server, int count) throws IOException {
        IdleConnections idle = new IdleConnections(count);
        try {
            for (int i = 0; i < count; i++) {
                try (SocketChannel ch = SocketChannel.open(server)) {
                    int fd = ChannelFd.of(ch);
                    int high = Native.libc().fcntl(fd, Fcntl.F_DUPFD.intValue(), CLIENT_FD_FLOOR);
                    if (high < 0) {
                        throw Native.exception("fcntl(F_DUPFD, " + CLIENT_FD_FLOOR + ")", fd, Native.errno(),
                                "idle connection " + (i + 1) + " of " + count + ": RLIMIT_NOFILE is too low");
                    }
                    idle.fds[idle.opened++] = high;
                }
            }
        } catch (IOException | RuntimeException e) {
            idle.close();
            throw e;
        }
        return idle;
    }

    /**
     * Raises the soft RLIMIT_NOFILE for this many connections in this process.
     *
     * @param active C
     * @param idle N
     * @return whether the limit now allows it
     * @throws IOException if getrlimit or setrlimit fails
     */
    static boolean raiseLimit(int active, int idle) throws IOException {
        long wanted = CLIENT_FD_FLOOR + 2L * idle + 2L * active + 512;
        long now = ResourceLimits.raiseNoFile(wanted);
        return now < 0 || now >= wanted;
    }

    /** @return N */
    int count() {
        return opened;
    }

    @Override
    public void close() {
        for (int i = 0; i < opened; i++) {
            Fds.closeQuietly(fds[i]);
        }
        opened = 0;
    }
}
