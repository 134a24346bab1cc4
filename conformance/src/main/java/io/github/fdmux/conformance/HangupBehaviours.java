package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.PairCheck.onServer;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.Registration;
import java.net.StandardSocketOptions;
import java.nio.channels.Pipe;
import java.util.List;

/** End of stream, resets, pipes whose other end went away: what each backend reports. */
final class HangupBehaviours {
    private static final String GROUP = "Hang-ups and errors";
    /** The NIO column of this group, once in full (on the first behaviour); the others say what it means there. */
    private static final String NIO_WHY = " NIO: a Selector has only OP_READ/OP_ACCEPT and OP_WRITE/OP_CONNECT, so an"
            + " event on NIO is only ever readable and/or writable, never readClosed, writeClosed or error. A FIN is"
            + " plain POLLIN (readable); on POLLERR or POLLHUP (a reset, a pipe whose other end closed, a failed"
            + " connect) the JDK marks every op of the key's interest set ready"
            + " (SocketChannelImpl/SourceChannelImpl/SinkChannelImpl.translateReadyOps): readable for READ interest,"
            + " writable for WRITE. The read or write that follows returns -1 or throws: that is how a NIO user tells.";

    /** The SELECT column of this group, once in full (on the first behaviour). */
    private static final String SELECT_WHY = " SELECT: select(2)'s sets only say that a read or a write would not"
            + " block; a hang-up, an end of file and a pending error all make that true (Linux fs/select.c POLLIN_SET"
            + " and POLLOUT_SET include EPOLLHUP and EPOLLERR; FreeBSD sys_generic.c select_flags the same), so on"
            + " SELECT an event is only ever readable and/or writable. The read or write that follows returns -1 or"
            + " throws: that is how a SELECT user tells.";

    private HangupBehaviours() {
    }

    /**
     * The start of every check of a reset: the accepted side of a fresh pair registered with
     * {@code interest}, then the peer resets the connection (close with SO_LINGER 0).
     */
    private static Check afterPeerReset(Interest interest, PairCheck body) {
        return f -> {
            Resources.Pair p = f.tcpPair();
            p.client.setOption(StandardSocketOptions.SO_LINGER, 0);
            Registration r = f.register(p.server, interest);
            p.client.close();
            return body.run(f, p, r);
        };
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("peerCloseIsReadClosed").group(GROUP)
                        .description("The peer closes its socket: the event says readable and readClosed; read returns"
                                + " -1.")
                        .expect(Backend.NIO, "readable")
                        .expect(Backend.SELECT, "readable")
                        .otherwise("readable+readClosed")
                        .why("epoll reports EPOLLRDHUP, poll(2) POLLRDHUP (Linux; FreeBSD sys/kern/uipc_socket.c"
                                + " sopoll_generic: SBS_CANTRCVMORE) and kqueue EV_EOF on the FIN. POLL on macOS: poll(2)"
                                + " runs on kqueue (XNU bsd/kern/sys_generic.c poll_nocancel/poll_callback) and the read"
                                + " filter's EV_EOF (bsd/kern/uipc_socket.c filt_soread_common) comes as POLLIN|POLLHUP,"
                                + " which fdmux reads as readClosed where read interest was asked." + NIO_WHY
                                + SELECT_WHY)
                        .check(onServer(Interest.READ, (f, p, r) -> {
                            p.client.close();
                            ReadyEvent e = f.expectEvent(r);
                            assertEquals(-1, Fixture.drain(p.server), "read after the event sees end of stream");
                            return ReadyEvent.describe(e.readyOps());
                        })),

                Behaviour.named("peerShutdownOutputIsReadClosedWithoutError").group(GROUP)
                        .description("The peer shuts down its write side only: readClosed without error, and the socket"
                                + " stays writable.")
                        .expect(Backend.NIO, "readable+writable")
                        .expectOn(Backend.POLL, "macos", "readable+readClosed")
                        .expect(Backend.SELECT, "readable+writable")
                        .otherwise("readable+writable+readClosed")
                        .why("A half-close is a FIN: EPOLLRDHUP / POLLRDHUP / EV_EOF on the read filter, no error;"
                                + " the write side is untouched, so the socket stays writable. POLL on macOS: poll(2)"
                                + " registers EVFILT_READ then EVFILT_WRITE (XNU bsd/kern/sys_generic.c poll_nocancel);"
                                + " the read filter's EV_EOF sets POLLHUP and poll_callback then drops POLLOUT (\"if"
                                + " (!(fds->revents & POLLHUP))\"), so the event says readable+readClosed and not"
                                + " writable, though a write still works (the check writes back). fdmux never reads that"
                                + " POLLHUP as writeClosed. NIO: the FIN is plain OP_READ, and OP_WRITE stays ready (see"
                                + " peerCloseIsReadClosed)."
                                + " SELECT: the FIN makes the read set true, nothing more (see"
                                + " peerCloseIsReadClosed).")
                        .check(f -> {
                            Resources.Pair p = f.tcpPair();
                            p.client.shutdownOutput();
                            Fixture.sleep(20);
                            Registration r = f.register(p.server, Interest.READ_WRITE);
                            ReadyEvent e = f.expectEvent(r);
                            Fixture.write(p.server, 5);
                            assertEquals(5, Fixture.drain(p.client), "the other direction still works");
                            return ReadyEvent.describe(e.readyOps());
                        }),

                Behaviour.named("resetIsError").group(GROUP)
                        .description("The peer resets the connection (close with SO_LINGER 0): what the event says.")
                        .expect(Backend.NIO, "readable")
                        .expect(Backend.KQUEUE, "readable+readClosed+error")
                        .expectOn(Backend.POLL, "macos", "readable+readClosed")
                        .expectOn(Backend.POLL, "freebsd", "readable+readClosed+writeClosed")
                        .expect(Backend.SELECT, "readable")
                        .otherwise("readable+readClosed+writeClosed+error")
                        .why("On RST Linux sets the socket error and shuts both directions: EPOLLERR|EPOLLHUP|EPOLLIN|"
                                + "EPOLLRDHUP (and the poll(2) equivalents). kqueue speaks only through the filters"
                                + " registered, here EVFILT_READ: EV_EOF with fflags = ECONNRESET (XNU filt_soread_common,"
                                + " FreeBSD and OpenBSD filt_soread), so no writeClosed; libkqueue agrees. POLL on macOS:"
                                + " the same EV_EOF becomes POLLIN|POLLHUP and XNU poll_callback ignores fflags, so no"
                                + " error: a reset looks like a FIN. POLL on FreeBSD: sopoll_generic (sys/kern/uipc_socket.c)"
                                + " sets POLLHUP with both directions shut and never POLLERR on a socket: no error either."
                                + " The read tells (resetThenReadThrows). NIO: POLLERR|POLLHUP becomes every op of the"
                                + " interest set, here OP_READ; the read then throws (connection reset)."
                                + " SELECT: the read set, as for NIO; the read then throws.")
                        .check(afterPeerReset(Interest.READ, (f, p, r) -> {
                            Fixture.sleep(20);
                            ReadyEvent e = f.expectEvent(r);
                            return ReadyEvent.describe(e.readyOps());
                        })),

                Behaviour.named("noInterestStillReportsForcedHangup").group(GROUP)
                        .description("A registration with Interest.NONE whose peer resets: reported or not.")
                        .expect(Backend.NIO, "silent")
                        .expect(Backend.KQUEUE, "silent")
                        .expectOn(Backend.POLL, "macos", "silent")
                        .expectOn(Backend.POLL, "freebsd", "readClosed+writeClosed")
                        .expect(Backend.SELECT, "silent")
                        .otherwise("readClosed+writeClosed+error")
                        .why("epoll and Linux poll(2) always report EPOLLERR/EPOLLHUP (POLLERR/POLLHUP), asked or not;"
                                + " kqueue has no filter without an interest, and a Selector key with no interest ops"
                                + " never selects (the JDK masks ready ops with the interest set; EPollSelectorImpl even"
                                + " takes the fd out of its epoll set). POLL on macOS: poll(2) registers a kqueue filter"
                                + " only for events asked (XNU bsd/kern/sys_generic.c poll_nocancel), so events == 0 is"
                                + " silent, even for a closed fd (no POLLNVAL). POLL on FreeBSD: sopoll_generic adds"
                                + " POLLHUP whatever was asked, but no POLLERR."
                                + " SELECT: an fd with no interest is in none of the three sets, so select(2) cannot"
                                + " report it.")
                        .check(afterPeerReset(Interest.NONE, (f, p, r) -> {
                            return f.observe(r, Fixture.QUIET_MILLIS * 3);
                        })),

                Behaviour.named("pipeReadEndSeesWriterGone").group(GROUP)
                        .description("The write end of a pipe closes: what the read end's event says.")
                        .expect(Backend.NIO, "readable")
                        .expect(Backend.KQUEUE, "readable+readClosed")
                        .expectOn(Backend.POLL, "macos", "readable+readClosed")
                        .expectOn(Backend.POLL, "freebsd", "readable+readClosed+writeClosed")
                        .expect(Backend.SELECT, "readable")
                        .otherwise("readClosed+writeClosed")
                        .why("Linux reports a pipe with no writers as EPOLLHUP/POLLHUP alone (no EPOLLIN while it is"
                                + " empty); fdmux maps a hang-up to both readClosed and writeClosed. kqueue fires"
                                + " EVFILT_READ with EV_EOF (XNU filt_pipe_draincommon, FreeBSD and OpenBSD filt_piperead):"
                                + " the read returns 0 at once, and there is no hang-up bit for the other direction. POLL"
                                + " on macOS: that EV_EOF becomes POLLIN|POLLHUP (poll_callback). POLL on FreeBSD:"
                                + " pipe_poll (sys/kern/sys_pipe.c) sets POLLIN and POLLHUP at PIPE_EOF. NIO: POLLHUP"
                                + " becomes OP_READ (the interest set); the read returns -1."
                                + " SELECT: the read set; the read returns -1.")
                        .check(f -> {
                            Pipe pipe = f.pipe();
                            pipe.sink().close();
                            Registration r = f.register(pipe.source(), Interest.READ);
                            ReadyEvent e = f.expectEvent(r);
                            assertEquals(-1, Fixture.drain(pipe.source()));
                            return ReadyEvent.describe(e.readyOps());
                        }),

                Behaviour.named("pipeWriteEndSeesReaderGone").group(GROUP)
                        .description("The read end of a pipe closes: what the write end's event says.")
                        .expect(Backend.NIO, "writable")
                        .expect(Backend.KQUEUE, "writable+writeClosed")
                        .expectOn(Backend.KQUEUE, "freebsd", "refused: EPIPE")
                        .expectOn(Backend.KQUEUE, "openbsd", "refused: EPIPE")
                        .expectOn(Backend.KQUEUE, "libkqueue", "writable+writeClosed+error")
                        .expectOn(Backend.POLL, "macos", "writable+writeClosed")
                        .expectOn(Backend.POLL, "freebsd", "writable+readClosed+writeClosed")
                        .expect(Backend.SELECT, "writable")
                        .otherwise("writable+writeClosed+error")
                        .why("Linux reports EPOLLOUT|EPOLLERR (POLLOUT|POLLERR) for a pipe with no readers: a write"
                                + " would fail with EPIPE. macOS fires EVFILT_WRITE with EV_EOF and no error code (XNU"
                                + " filt_pipe_draincommon). FreeBSD and OpenBSD refuse to add EVFILT_WRITE to such a pipe"
                                + " at all: EPIPE (sys/kern/sys_pipe.c pipe_kqfilter). libkqueue turns epoll's EPOLLERR"
                                + " into EV_EOF with fflags EIO, hence the error. POLL on macOS: the write filter's EV_EOF"
                                + " becomes POLLHUP and POLLOUT is dropped (XNU poll_callback); fdmux reads POLLHUP with"
                                + " write interest alone as writable+writeClosed, as KQUEUE says. POLL on FreeBSD:"
                                + " pipe_poll sets POLLOUT|POLLHUP and pollscan (sys/kern/sys_generic.c) clears POLLOUT"
                                + " whenever POLLHUP is set; fdmux reads POLLHUP with write interest as writable too (the"
                                + " write fails at once, it does not block). NIO: POLLERR becomes OP_WRITE (the interest"
                                + " set); the write throws (EPIPE, broken pipe)."
                                + " SELECT: the write set (a write would not block: it fails with EPIPE).")
                        .check(f -> {
                            Pipe pipe = f.pipe();
                            pipe.source().close();
                            Registration r;
                            try {
                                r = f.register(pipe.sink(), Interest.WRITE);
                            } catch (NativeCallException e) {
                                return "refused: " + e.errnoName();
                            }
                            ReadyEvent e = f.expectEvent(r);
                            assertTrue(e.writable(), "writable (the write will fail, not block)");
                            return ReadyEvent.describe(e.readyOps());
                        }),

                Behaviour.named("resetThenReadThrows").group(GROUP)
                        .description("The peer resets the connection; after the event, what the next read does:"
                                + " throws (connection reset) or returns -1 (end of stream).")
                        .expectOn(Backend.KQUEUE, "libkqueue", "-1")
                        .otherwise("throws")
                        .why("The reset leaves the error pending on the socket until something reads it: the next"
                                + " read() fails with ECONNRESET. Reporting the event does not consume it on Linux"
                                + " (epoll, poll), XNU or FreeBSD (filt_soread copies so_error into fflags without"
                                + " clearing it). libkqueue's read filter fills fflags with getsockopt(SO_ERROR)"
                                + " (linux/read.c evfilt_read_copyout), which clears the error: the read then sees only"
                                + " the shut receive side and returns -1. Under libkqueue an event with error set is the"
                                + " only notice of the reset.")
                        .check(afterPeerReset(Interest.READ, (f, p, r) -> {
                            Fixture.sleep(20);
                            f.expectEvent(r);
                            try {
                                return String.valueOf(p.server.read(java.nio.ByteBuffer.allocate(16)));
                            } catch (java.io.IOException e) {
                                return "throws";
                            }
                        })));
    }
}
