package io.github.fdmux.conformance;

import static io.github.fdmux.conformance.Expect.assertEquals;
import static io.github.fdmux.conformance.Expect.assertInstanceOf;
import static io.github.fdmux.conformance.Expect.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.ChannelFd;
import io.github.fdmux.unix.ResourceLimits;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Event buffers smaller than the ready set, and many registrations. */
final class ScaleBehaviours {
    private static final String GROUP = "Capacity";
    static final int MANY = 1_000;
    /** Pipes closed again after EMFILE, so the rest of the check has fds to spare. */
    private static final int HEADROOM_PIPES = 4;
    /** Fewer pipes than this would not say much about many registrations. */
    private static final int MIN_PIPES = 8;

    private ScaleBehaviours() {
    }

    static List<Behaviour> all() {
        return List.of(
                Behaviour.named("smallBufferDeliversTheRestOnNextPolls").group(GROUP)
                        .description("10 ready fds and a buffer of 4: three polls deliver all 10 (no fd starves).")
                        .asserts(f -> {
                            Set<Registration> all = new HashSet<>();
                            for (int i = 0; i < 10; i++) {
                                Pipe p = f.pipe();
                                all.add(f.register(p.source(), Interest.READ));
                                Fixture.write(p.sink(), 1);
                            }
                            ReadyEvents small = new ReadyEvents(4);
                            Set<Registration> seen = new HashSet<>();
                            for (int poll = 0; poll < 3; poll++) {
                                int n = f.poller().poll(small, Fixture.EVENT_MILLIS);
                                assertTrue(n <= 4, "never more than the buffer holds");
                                for (int i = 0; i < n; i++) {
                                    seen.add(small.registration(i));
                                }
                            }
                            assertEquals(all, seen, "all 10 delivered in 3 polls");
                        }),

                Behaviour.named("smallBufferReadWriteLosesNothing").group(GROUP)
                        .modes(io.github.fdmux.Mode.LEVEL, io.github.fdmux.Mode.EDGE)
                        .description("10 sockets with READ_WRITE interest, all readable and writable, and a buffer of"
                                + " 4: a few polls report every one readable and writable (no event is lost).")
                        .why("Every kernel keeps what did not fit for the next wait. libkqueue turns one epoll event"
                                + " into two kevents (an fd's read and write knotes share one epoll item) and drops the"
                                + " rest of a batch when its output list fills part-way (src/linux/platform.c"
                                + " linux_kevent_copyout); an EDGE item never comes back. Under libkqueue fdmux asks for"
                                + " two kevents per registered fd and keeps what its ReadyEvents cannot take for the next"
                                + " poll.")
                        .asserts(f -> {
                            Set<Registration> all = new HashSet<>();
                            for (int i = 0; i < 10; i++) {
                                Resources.Pair p = f.tcpPair();
                                all.add(f.register(p.server, Interest.READ_WRITE));
                                Fixture.write(p.client, 1);
                            }
                            Fixture.sleep(20);
                            ReadyEvents small = new ReadyEvents(4);
                            Set<Registration> readable = new HashSet<>();
                            Set<Registration> writable = new HashSet<>();
                            for (int poll = 0; poll < 8 && (readable.size() < 10 || writable.size() < 10); poll++) {
                                int n = f.poller().poll(small, Fixture.EVENT_MILLIS);
                                assertTrue(n <= 4, "never more than the buffer holds");
                                for (int i = 0; i < n; i++) {
                                    if (small.isReadable(i)) {
                                        readable.add(small.registration(i));
                                    }
                                    if (small.isWritable(i)) {
                                        writable.add(small.registration(i));
                                    }
                                }
                            }
                            assertEquals(all, readable, "every socket reported readable");
                            assertEquals(all, writable, "every socket reported writable");
                        }),

                Behaviour.named("thousandRegistrationsAllReported").group(GROUP)
                        .description("1,000 pipes, all readable: every one is reported. RLIMIT_NOFILE is raised"
                                + " toward its hard limit first; where the hard limit is too low (a container's"
                                + " --ulimit nofile=64) pipes are opened until the kernel says EMFILE, the failure"
                                + " must name the call and EMFILE, and as many as fit are checked instead. On a backend"
                                + " with an fd limit (Capabilities.fdLimit(): SELECT's FD_SETSIZE, 1024) pipes are"
                                + " opened while their read ends stay below it.")
                        .asserts(f -> {
                            ResourceLimits.raiseNoFile(4 * MANY);
                            int fdLimit = f.poller().capabilities().fdLimit().orElse(Integer.MAX_VALUE);
                            List<Pipe> pipes = openPipesUpTo(f, MANY, fdLimit);
                            Set<Registration> all = new HashSet<>();
                            for (Pipe p : pipes) {
                                all.add(f.register(p.source(), Interest.READ));
                                Fixture.write(p.sink(), 1);
                            }
                            ReadyEvents ev = new ReadyEvents(256);
                            Set<Registration> seen = new HashSet<>();
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                            while (seen.size() < all.size() && System.nanoTime() < deadline) {
                                int n = f.poller().poll(ev, 1_000);
                                for (int i = 0; i < n; i++) {
                                    seen.add(ev.registration(i));
                                }
                            }
                            assertEquals(all.size(), seen.size(), "distinct registrations reported");
                            assertEquals(all, seen);
                        }));
    }

    /**
     * Opens {@code wanted} pipes, or as many as RLIMIT_NOFILE and the backend's fd limit allow (a
     * pipe whose read end is at or above {@code fdLimit} is closed again, and the opening stops): on EMFILE (which must be
     * reported as such, naming the call) it closes a few to leave the poller and the JDK some room.
     */
    private static List<Pipe> openPipesUpTo(Fixture f, int wanted, int fdLimit) throws IOException {
        List<Pipe> pipes = new ArrayList<>(wanted);
        try {
            while (pipes.size() < wanted) {
                Pipe p = f.pipe();
                if (ChannelFd.of(p.source()) >= fdLimit) {
                    p.source().close();
                    p.sink().close();
                    assertTrue(pipes.size() >= MIN_PIPES, "only " + pipes.size() + " pipes fit below the fd limit "
                            + fdLimit + "; the check needs at least " + MIN_PIPES);
                    return pipes;
                }
                pipes.add(p);
            }
            return pipes;
        } catch (IOException e) {
            for (int i = 0; i < HEADROOM_PIPES && !pipes.isEmpty(); i++) {
                Pipe p = pipes.remove(pipes.size() - 1);
                p.source().close();
                p.sink().close();
            }
            NativeCallException n = assertInstanceOf(NativeCallException.class, e,
                    "running out of fds must be reported as a NativeCallException");
            assertEquals("EMFILE", n.errnoName(), "errno of " + n.getMessage());
            assertTrue(n.getMessage().startsWith("pipe() in Pipe.open failed: EMFILE"), n.getMessage());
            assertTrue(pipes.size() >= MIN_PIPES, "only " + pipes.size() + " pipes fit under RLIMIT_NOFILE "
                    + ResourceLimits.noFile()[0] + "; the check needs at least " + MIN_PIPES + ": " + n.getMessage());
            return pipes;
        }
    }
}
