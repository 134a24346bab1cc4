package io.github.fdmux.conformance;

import static io.github.fdmux.Mode.EDGE;
import static io.github.fdmux.Mode.EDGE_ONESHOT;
import static io.github.fdmux.Mode.LEVEL;
import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertNotNull;
import static io.github.fdmux.conformance.Expect.assertNull;
import static io.github.fdmux.conformance.Expect.assertTrue;
import static io.github.fdmux.conformance.PairCheck.onClient;
import static io.github.fdmux.conformance.PairCheck.onReadableServer;
import static io.github.fdmux.conformance.PairCheck.onServer;

import io.github.fdmux.Interest;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.Registration;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Basic readiness: what makes an fd readable or writable, on sockets, listeners, pipes, datagrams. */
final class ReadinessBehaviours {
    private static final String GROUP = "Readiness";

    private ReadinessBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("readableWhenDataArrives").group(GROUP)
                        .description("Data written by the peer makes a registered socket readable.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            Fixture.write(p.client, 10);
                            ReadyEvent e = f.expectEvent(r);
                            assertTrue(e.readable(), "readable");
                            assertFalse(e.error(), "no error");
                            assertEquals(10, Fixture.drain(p.server));
                        })),

                Behaviour.named("silentWhenNothingIsReady").group(GROUP)
                        .description("A socket with no data and read interest is not reported.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            f.expectSilence(r);
                        })),

                Behaviour.named("writableOnEmptySendBuffer").group(GROUP)
                        .description("A connected socket with room in its send buffer is writable.")
                        .asserts(onClient(Interest.WRITE, (f, p, r) -> {
                            ReadyEvent e = f.expectEvent(r);
                            assertTrue(e.writable(), "writable");
                            assertFalse(e.readable(), "not readable: no read interest");
                        })),

                Behaviour.named("writableAgainAfterSendBufferFillsAndDrains").group(GROUP)
                        .description("A socket whose send buffer is full is not writable; once the peer reads, it is"
                                + " reported writable again.")
                        .asserts(onClient(Interest.WRITE, (f, p, r) -> {
                            assertTrue(f.expectEvent(r).writable());
                            assertTrue(Fixture.fillSendBuffer(p.client) > 0);
                            if (f.mode().isOneshot()) {
                                r.rearm();
                            }
                            f.expectSilence(r);
                            ReadyEvent e = f.pollWhileDraining(r, p.server);
                            assertNotNull(e, "writable again after the peer drained");
                            assertTrue(e.writable());
                        })),

                Behaviour.named("listenerReadableOnPendingConnection").group(GROUP)
                        .description("A listening socket is readable while a connection waits to be accepted.")
                        .asserts(f -> {
                            ServerSocketChannel l = f.listener();
                            Registration r = f.register(l, Interest.READ);
                            f.expectSilence(r);
                            f.track(SocketChannel.open(l.getLocalAddress()));
                            assertTrue(f.expectEvent(r).readable());
                            assertNotNull(f.track(l.accept()), "accept after the event");
                        }),

                Behaviour.named("connectCompletionIsWritable").group(GROUP)
                        .description("A non-blocking connect in progress is reported writable when it completes.")
                        .asserts(f -> {
                            ServerSocketChannel l = f.listener();
                            SocketChannel c = f.track(SocketChannel.open());
                            c.configureBlocking(false);
                            c.connect(l.getLocalAddress());
                            Registration r = f.register(c, Interest.WRITE);
                            assertTrue(f.expectEvent(r).writable());
                            assertTrue(c.finishConnect(), "finishConnect after writable");
                        }),

                Behaviour.named("datagramReadableWhenDatagramArrives").group(GROUP)
                        .description("A UDP socket is readable when a datagram arrives.")
                        .asserts(f -> {
                            DatagramChannel d = f.datagram();
                            DatagramChannel sender = f.datagram();
                            Registration r = f.register(d, Interest.READ);
                            sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), d.getLocalAddress());
                            assertTrue(f.expectEvent(r).readable());
                            assertTrue(d.receive(ByteBuffer.allocate(16)) instanceof InetSocketAddress);
                        }),

                Behaviour.named("modifyFromReadToWrite").group(GROUP)
                        .description("After modify(WRITE) a readable socket reports writable and no longer readable.")
                        .asserts(onReadableServer((f, p, r) -> {
                            r.modify(Interest.WRITE);
                            assertEquals(Interest.WRITE, r.interest());
                            ReadyEvent e = f.expectEvent(r);
                            assertTrue(e.writable(), "writable after modify: " + e);
                            assertFalse(e.readable(), "no longer readable: " + e);
                        })),

                Behaviour.named("modifyToNoInterestSilences").group(GROUP)
                        .description("modify(NONE) silences a readable socket; modify(READ) reports it again.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            r.modify(Interest.NONE);
                            Fixture.write(p.client, 10);
                            f.expectSilence(r);
                            r.modify(Interest.READ);
                            assertTrue(f.expectEvent(r).readable());
                        })),

                Behaviour.named("modifyWithSameInterestRechecksReadiness").group(GROUP).modes(EDGE)
                        .description("EDGE: data arrives and is reported once, nothing is read; modify() with the same"
                                + " interest reports it again.")
                        .why("modify() re-checks readiness on every backend: EPOLL_CTL_MOD does (ep_modify polls the"
                                + " file), XNU kevent_register calls the filter's f_touch on any change of a knote, and"
                                + " FreeBSD/OpenBSD kqueue_register re-run its f_event (f_modify). libkqueue's EV_ENABLE"
                                + " of an enabled EV_CLEAR knote does not look again, so fdmux deletes and re-adds the"
                                + " filter there.")
                        .asserts(onReadableServer((f, p, r) -> {
                            assertNull(f.pollFor(r, Fixture.QUIET_MILLIS), "EDGE: reported once");
                            r.modify(Interest.READ);
                            assertTrue(f.expectEvent(r).readable(), "reported again after modify");
                        })),

                Behaviour.named("secondPollWithoutReading").group(GROUP)
                        .description("Data arrives, one poll reports it, nothing is read: does the next poll report"
                                + " it again?")
                        .expect(LEVEL, "reported again")
                        .otherwise("silent")
                        .why("The definition of the modes: LEVEL reports while ready; EDGE only on a new arrival;"
                                + " ONESHOT disarms after one report.")
                        .check(onReadableServer((f, p, r) -> {
                            return f.pollFor(r, Fixture.QUIET_MILLIS) == null ? "silent" : "reported again";
                        })),

                Behaviour.named("levelRepeatsUntilDrained").group(GROUP).modes(LEVEL)
                        .description("LEVEL: every poll reports a readable socket until it is drained, then none.")
                        .asserts(onServer(Interest.READ, (f, p, r) -> {
                            Fixture.write(p.client, 10);
                            for (int i = 0; i < 3; i++) {
                                assertTrue(f.expectEvent(r).readable(), "poll " + i);
                            }
                            assertEquals(10, Fixture.drain(p.server));
                            f.expectSilence(r);
                        })),

                Behaviour.named("edgeReportsOncePerArrival").group(GROUP).modes(EDGE)
                        .description("EDGE: one report per arrival of data, even if not drained; new data reports again.")
                        .asserts(onReadableServer((f, p, r) -> {
                            f.expectSilence(r);
                            Fixture.write(p.client, 10);
                            assertTrue(f.expectEvent(r).readable(), "new arrival reported");
                            f.expectSilence(r);
                            assertEquals(20, Fixture.drain(p.server));
                        })),

                Behaviour.named("edgeDataAndFinArriveAsOneEvent").group(GROUP).modes(EDGE)
                        .description("EDGE: data and the peer's FIN queued before one poll: one event says readable and"
                                + " readClosed, and no second edge follows; a reader that stops at a short read must"
                                + " take the end of stream from that event's readClosed.")
                        .otherwise("readable+readClosed")
                        .why("One wake-up for both arrivals: epoll reports EPOLLIN|EPOLLRDHUP once (Linux"
                                + " tcp_poll sets both when data is queued and RCV_SHUTDOWN is set; io_uring's"
                                + " POLL_ADD reads the same mask); kqueue one"
                                + " EVFILT_READ with the byte count and EV_EOF (XNU filt_soread_common, FreeBSD"
                                + " filt_soread: EV_EOF once the socket can receive no more; observed here through"
                                + " libkqueue). A short read that took all the data is no sign of the FIN behind it;"
                                + " the next read returns -1, but nothing reports again to prompt it.")
                        .check(onServer(Interest.READ, (f, p, r) -> {
                            Fixture.write(p.client, 10);
                            p.client.shutdownOutput();
                            Fixture.sleep(20); // both the segment and the FIN are queued before the poll
                            ReadyEvent e = f.expectEvent(r);
                            ByteBuffer b = ByteBuffer.allocate(64);
                            assertEquals(10, p.server.read(b), "a short read takes all the data");
                            f.expectSilence(r); // no new edge for the FIN already queued
                            assertEquals(-1, p.server.read(b), "the end of stream is there all the same");
                            return ReadyEvent.describe(e.readyOps());
                        })),

                Behaviour.named("edgeWritableOncePerTransition").group(GROUP).modes(EDGE)
                        .description("EDGE: writable is reported once; again only after the buffer filled and drained.")
                        .asserts(onClient(Interest.WRITE, (f, p, r) -> {
                            assertTrue(f.expectEvent(r).writable());
                            f.expectSilence(r);
                            Fixture.fillSendBuffer(p.client);
                            ReadyEvent e = f.pollWhileDraining(r, p.server);
                            assertNotNull(e, "writable after the peer drained");
                        })),

                Behaviour.named("edgeListenerNeedsAcceptLoop").group(GROUP).modes(EDGE, EDGE_ONESHOT)
                        .description("EDGE: connections that queued before one poll are reported once; the accept loop"
                                + " must take them all.")
                        .asserts(f -> {
                            ServerSocketChannel l = f.listener();
                            Registration r = f.register(l, Interest.READ);
                            for (int i = 0; i < 3; i++) {
                                f.track(SocketChannel.open(l.getLocalAddress()));
                            }
                            Fixture.sleep(20); // let the last handshake land in the accept queue
                            assertTrue(f.expectEvent(r).readable());
                            int accepted = 0;
                            SocketChannel c;
                            while ((c = l.accept()) != null) {
                                f.track(c);
                                accepted++;
                            }
                            assertEquals(3, accepted, "accept loop drains the queue");
                            f.expectSilence(r);
                        }));
    }
}
