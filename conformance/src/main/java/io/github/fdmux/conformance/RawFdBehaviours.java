package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Behaviour.OK;
import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertFalse;
import static io.github.fdmux.conformance.Expect.assertNotNull;
import static io.github.fdmux.conformance.Expect.assertSame;
import static io.github.fdmux.conformance.Expect.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.Interest;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.constants.platform.OpenFlags;

/** Raw file descriptors: registration, closed and reused numbers, dup, regular files. */
final class RawFdBehaviours {
    private static final String GROUP = "Raw file descriptors";
    /** NIO's answer to every raw-fd behaviour. */
    static final String CHANNELS_ONLY = "unsupported (channels only)";

    private RawFdBehaviours() {
    }

    /**
     * The body of a check on one end of a raw socket pair, {@code r.fd()}, registered for READ at a
     * number well above the lowest free one ({@link Resources#moveAboveLowestFree}), so that the number
     * stays free once the check closes it; {@code peer} is the other end.
     */
    @FunctionalInterface
    private interface RawEndCheck {
        String run(Fixture f, Registration r, int peer) throws Exception;
    }

    /** Runs {@code body} as {@link #raw} runs a check, and cancels its registration afterwards. */
    private static Check onRawEndAboveLowestFree(RawEndCheck body) {
        return raw(f -> {
            int[] sp = f.rawSocketPair();
            Registration r = f.register(f.moveAboveLowestFree(sp[0]), Interest.READ);
            try {
                return body.run(f, r, sp[1]);
            } finally {
                r.cancel();
            }
        });
    }

    /** Runs {@code check} on native backends; on NIO checks that raw fds are refused. */
    private static Check raw(Check check) {
        return f -> {
            if (!f.rawFds()) {
                try {
                    f.register(0, Interest.READ);
                } catch (UnsupportedOperationException e) {
                    assertTrue(e.getMessage().contains(f.backend().name()), e.getMessage());
                    return CHANNELS_ONLY;
                }
                return "accepted a raw fd despite capabilities().rawFds() == false";
            }
            return check.run(f);
        };
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("rawFdRegistration").group(GROUP)
                        .description("A raw fd (an AF_UNIX socketpair end) registers and reports like a channel.")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .why("The JDK Selector only knows SelectableChannels.")
                        .check(raw(f -> {
                            int[] sp = f.rawSocketPair();
                            Registration r = f.register(sp[0], Interest.READ);
                            assertEquals(sp[0], r.fd());
                            Fixture.rawWrite(sp[1], 3);
                            assertTrue(f.expectEvent(r).readable());
                            assertEquals(3, Fixture.rawDrain(sp[0]));
                            return OK;
                        })),

                Behaviour.named("registerClosedFdIsEbadf").group(GROUP)
                        .description("Registering an fd number that is not open fails at once with EBADF, naming the"
                                + " call and the fd.")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .otherwise("EBADF")
                        .why("epoll_ctl(EPOLL_CTL_ADD) answers EBADF itself. poll(2) takes any number and reports"
                                + " POLLNVAL later, and kevent accepts a second EV_ADD silently, so POLL and KQUEUE"
                                + " fstat(2) the fd first (the call that also tells them a reused fd number from a double"
                                + " registration) and fail at register() with EBADF from fstat. NIO: the JDK Selector"
                                + " takes channels only.")
                        .check(raw(f -> {
                            int notOpen = 999_999;
                            try {
                                f.register(notOpen, Interest.READ);
                                return "accepted";
                            } catch (NativeCallException e) {
                                assertEquals(notOpen, e.fd());
                                assertTrue(e.getMessage().contains("fd " + notOpen), e.getMessage());
                                return e.errnoName();
                            }
                        })),

                Behaviour.named("reusedFdNumberIsNotConfused").group(GROUP)
                        .description("An fd closed without cancel and its number reused by another file: registering"
                                + " the new file succeeds, the old registration is dropped, events go to the new one.")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .why("epoll and kqueue forget a closed fd, and poll(2) polls whatever file the number names"
                                + " now; fdmux keeps the device and inode of each registered fd, so registering the same"
                                + " number for another file drops the stale registration instead of throwing"
                                + " IllegalStateException. NIO: the JDK Selector takes channels only.")
                        .check(raw(f -> {
                            int[] a = f.rawSocketPair();
                            int number = f.moveAboveLowestFree(a[0]); // no other thread takes it meanwhile
                            Registration old = f.poller().register(number, Interest.READ, f.mode(), "old");
                            f.closeRaw(number);
                            int[] b = f.rawSocketPair();
                            if (Native.libc().dup2(b[0], number) < 0) {
                                throw Native.exception("dup2", b[0], Native.errno());
                            }
                            f.trackRaw(number);
                            Registration fresh = f.poller().register(number, Interest.READ, f.mode(), "new");
                            assertFalse(old.isValid(), "the old registration was dropped");
                            Fixture.rawWrite(b[1], 1);
                            ReadyEvent e = f.expectEvent(fresh);
                            assertSame("new", e.attachment());
                            return OK;
                        })),

                Behaviour.named("closedWhileRegistered").group(GROUP)
                        .description("An fd closed without cancel: what later polls report for its registration.")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .expect(Backend.POLL, "error")
                        .expect(Backend.SELECT, "error")
                        .otherwise("silent")
                        .why("epoll and kqueue drop an fd from the interest set when it is closed; poll(2) keeps"
                                + " polling the number and answers POLLNVAL, which fdmux reports as error - and once"
                                + " any open() reuses the number, poll(2) reports that file's readiness instead"
                                + " (cancel before close!). select(2) fails as a whole with EBADF; SELECT finds the"
                                + " closed fd (fcntl F_GETFD), reports it as error like POLL and polls the rest again. io_uring's POLL_ADD keeps the file open (it holds a"
                                + " reference): silent here because the peer stays quiet, but the peer sees no close"
                                + " until the registration is cancelled.")
                        .check(onRawEndAboveLowestFree((f, r, peer) -> {
                            f.closeRaw(r.fd());
                            return f.observe(r, Fixture.QUIET_MILLIS * 3);
                        })),

                Behaviour.named("dupKeepsClosedFdReporting").group(GROUP)
                        .description("An fd is dup'ed, then closed without cancel; the peer writes: is the old"
                                + " registration still reported?")
                        .expect(Backend.EPOLL, "readable")
                        .expect(Backend.POLL, "error")
                        .expect(Backend.SELECT, "error")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .expectOn(Backend.KQUEUE, "libkqueue", "readable")
                        .otherwise("silent")
                        .why("epoll watches open file descriptions, not fd numbers: the dup keeps the description, so"
                                + " its events keep coming until the dup is closed too (cancel before close!). IO_URING"
                                + " submits a registration's POLL_ADD with the next poll, which finds the number closed"
                                + " (EBADF): silent; once submitted, the request holds the file itself and reports it, dup"
                                + " or not, until cancelled. poll(2)"
                                + " polls the number: POLLNVAL; select(2) too: EBADF, reported as error. kqueue drops the fd's filters on close (XNU and FreeBSD"
                                + " knote_fdclose); libkqueue cannot see the close and sits on epoll, so it behaves like"
                                + " EPOLL here.")
                        .check(onRawEndAboveLowestFree((f, r, peer) -> {
                            f.dup(r.fd());
                            f.closeRaw(r.fd());
                            Fixture.rawWrite(peer, 1);
                            ReadyEvent e = f.pollFor(r, Fixture.QUIET_MILLIS * 3);
                            if (e == null) {
                                return "silent";
                            }
                            return e.error() ? "error" : e.readable() ? "readable" : ReadyEvent.describe(e.readyOps());
                        })),

                Behaviour.named("regularFileRegistration").group(GROUP)
                        .description("Registering a regular file: refused (and why) or reported always ready.")
                        .expect(Backend.EPOLL, "EPERM")
                        .expect(Backend.NIO, CHANNELS_ONLY)
                        .otherwise("readable")
                        .why("epoll refuses files that have no poll support, regular files and /dev/null among them"
                                + " (EPERM, epoll_ctl(2)). poll(2) reports a regular file always ready (POSIX). kqueue's"
                                + " EVFILT_READ on a regular file fires while the file offset is before its end (kqueue(2)),"
                                + " here at offset 0 of a 5-byte file. io_uring's POLL_ADD asks the file's poll method"
                                + " (vfs_poll), which for a file without one is DEFAULT_POLLMASK: always ready.")
                        .check(raw(f -> {
                            Path file = Files.createTempFile("fdmux-conformance", ".txt");
                            try {
                                Files.writeString(file, "hello");
                                int fd = Native.posix().open(file.toString(), OpenFlags.O_RDONLY.intValue(), 0);
                                if (fd < 0) {
                                    throw Native.exception("open", -1, Native.posix().errno());
                                }
                                f.trackRaw(fd);
                                Registration r;
                                try {
                                    r = f.register(fd, Interest.READ);
                                } catch (NativeCallException e) {
                                    assertFalse(f.caps().regularFiles(), "capabilities say regular files are refused");
                                    assertTrue(e.getMessage().contains("regular files"), e.getMessage());
                                    return e.errnoName();
                                }
                                assertTrue(f.caps().regularFiles(), "capabilities say regular files are accepted");
                                ReadyEvent e = f.expectEvent(r);
                                assertNotNull(e);
                                return ReadyEvent.describe(e.readyOps() & ~io.github.fdmux.ReadyEvents.WRITABLE);
                            } finally {
                                Files.deleteIfExists(file);
                            }
                        })));
    }
}
