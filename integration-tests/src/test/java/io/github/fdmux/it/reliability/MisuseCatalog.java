package io.github.fdmux.it.reliability;

import io.github.fdmux.conformance.ForeignChannel;
import io.github.fdmux.conformance.Fixture;
import io.github.fdmux.conformance.Resources;
import static io.github.fdmux.it.reliability.Misuse.Outcome.returning;
import static io.github.fdmux.it.reliability.Misuse.Outcome.throwing;

import io.github.fdmux.Backend;
import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import io.github.fdmux.conformance.FdSnapshot;
import io.github.fdmux.it.reliability.Misuse.Outcome;
import io.github.fdmux.unix.ChannelFd;
import io.github.fdmux.unix.ResourceLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import io.github.fdmux.UserEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The catalogue of misuses: every wrong call a user can make, and the exact exception (or the
 * documented non-exception answer) each backend owes it, derived from the backend's
 * {@link Capabilities} so that a new backend is judged by what it claims.
 *
 * <p>Decisions documented here (and in the javadoc of {@link Poller} and
 * {@link io.github.fdmux.Registration}): {@code cancel()} after cancel or close returns false; a null
 * attachment is allowed; -1 means forever and any bigger timeout, however huge, is legal; the fds a
 * poller owns (its epoll/kqueue fd, its wakeup fds) are refused with IllegalArgumentException, while
 * a channel already registered with another poller is an ordinary channel; arguments are checked
 * before state, so after close a raw fd on NIO is still UnsupportedOperationException.
 */
final class MisuseCatalog {
    private static final Interest READ = Interest.READ;
    private static final Mode LEVEL = Mode.LEVEL;

    private MisuseCatalog() {
    }

    /** @return every misuse */
    static List<Misuse> all() {
        List<Misuse> c = new ArrayList<>();
        arguments(c);
        modes(c);
        lifecycle(c);
        afterClose(c);
        ownAndForeign(c);
        exclusive(c);
        threads(c);
        sources(c);
        return c;
    }

    private static void add(List<Misuse> c, String name, Function<Capabilities, Outcome> expected,
            Misuse.Action action) {
        c.add(new Misuse(name, expected, action));
    }

    /** What a backend without raw fds says to any raw fd: refused before anything else is looked at. */
    private static Function<Capabilities, Outcome> raw(Outcome onNative) {
        return caps -> caps.rawFds() ? onNative
                : throwing(UnsupportedOperationException.class, caps.backend().name(), "raw fds");
    }

    private static Function<Capabilities, Outcome> always(Outcome o) {
        return caps -> o;
    }

    private static int beyondRlimit() {
        try {
            return (int) Math.min(ResourceLimits.noFile()[0] + 10, Integer.MAX_VALUE);
        } catch (IOException e) {
            return 1 << 24; // no rlimit here: far above anything a test process opens
        }
    }

    // ------------------------------------------------------------------ arguments

    private static void arguments(List<Misuse> c) {
        add(c, "negative fd", always(throwing(IllegalArgumentException.class, "fd", "-1")),
                (p, r) -> p.register(-1, READ, LEVEL, null));
        add(c, "Integer.MIN_VALUE fd", always(throwing(IllegalArgumentException.class, "fd", "-2147483648")),
                (p, r) -> p.register(Integer.MIN_VALUE, READ, LEVEL, null));
        add(c, "Integer.MAX_VALUE fd", raw(throwing(NativeCallException.class, "EBADF", "fd 2147483647")),
                (p, r) -> p.register(Integer.MAX_VALUE, READ, LEVEL, null));
        int beyond = beyondRlimit();
        add(c, "fd beyond RLIMIT_NOFILE (" + beyond + ")", raw(throwing(NativeCallException.class, "EBADF",
                "fd " + beyond)), (p, r) -> p.register(beyond, READ, LEVEL, null));
        add(c, "fd number of a closed pipe", raw(throwing(NativeCallException.class, "EBADF", "on fd")),
                (p, r) -> p.register(Resources.closedFdNumber(), READ, LEVEL, null));
        add(c, "fd number of a closed channel", raw(throwing(NativeCallException.class, "EBADF", "on fd")), (p, r) -> {
            SocketChannel ch = r.tcpPair().server;
            int fd = ChannelFd.of(ch);
            ch.close();
            return p.register(fd, READ, LEVEL, null);
        });
        add(c, "closed channel", always(throwing(ClosedChannelException.class)), (p, r) -> {
            SocketChannel ch = r.tcpPair().server;
            ch.close();
            return p.register(ch, READ, LEVEL, null);
        });
        add(c, "blocking channel", always(throwing(IllegalBlockingModeException.class)), (p, r) -> {
            SocketChannel ch = r.tcpPair().server;
            ch.configureBlocking(true);
            return p.register(ch, READ, LEVEL, null);
        });
        add(c, "null channel", always(throwing(NullPointerException.class, "channel")),
                (p, r) -> p.register((SelectableChannel) null, READ, LEVEL, null));
        add(c, "null interest (channel)", always(throwing(NullPointerException.class, "interest")),
                (p, r) -> p.register(r.tcpPair().server, null, LEVEL, null));
        add(c, "null mode (channel)", always(throwing(NullPointerException.class, "mode")),
                (p, r) -> p.register(r.tcpPair().server, READ, null, null));
        add(c, "null interest (raw fd)", always(throwing(NullPointerException.class, "interest")),
                (p, r) -> p.register(r.rawSocketPair()[0], null, LEVEL, null));
        add(c, "null mode (raw fd)", always(throwing(NullPointerException.class, "mode")),
                (p, r) -> p.register(r.rawSocketPair()[0], READ, null, null));
        add(c, "null options array", always(throwing(NullPointerException.class, "options")),
                (p, r) -> p.register(r.tcpPair().server, READ, LEVEL, null, (RegisterOption[]) null));
        add(c, "null option", always(throwing(NullPointerException.class, "option")),
                (p, r) -> p.register(r.tcpPair().server, READ, LEVEL, null, (RegisterOption) null));
        add(c, "null attachment is allowed (and comes back null)", always(returning("readable, attachment null")),
                (p, r) -> {
                    Resources.Pair pair = r.tcpPair();
                    p.register(pair.server, READ, LEVEL, null);
                    pair.client.write(ByteBuffer.wrap(new byte[] {1}));
                    ReadyEvents ev = new ReadyEvents(4);
                    int n = p.poll(ev, 2, TimeUnit.SECONDS);
                    return n == 1 && ev.isReadable(0) ? "readable, attachment " + ev.attachment(0) : ev.toString();
                });
        add(c, "modify(null)", always(throwing(NullPointerException.class, "interest")),
                (p, r) -> {
                    p.register(r.tcpPair().server, READ, LEVEL, null).modify(null);
                    return null;
                });
        add(c, "new ReadyEvents(0)", always(throwing(IllegalArgumentException.class, "capacity", "was 0")),
                (p, r) -> new ReadyEvents(0));
        add(c, "new ReadyEvents(-1)", always(throwing(IllegalArgumentException.class, "capacity", "was -1")),
                (p, r) -> new ReadyEvents(-1));
        add(c, "new ReadyEvents(MAX_CAPACITY + 1)", always(throwing(IllegalArgumentException.class, "capacity",
                "was " + (ReadyEvents.MAX_CAPACITY + 1))), (p, r) -> new ReadyEvents(ReadyEvents.MAX_CAPACITY + 1));
        add(c, "ReadyEvents index beyond size", always(throwing(IndexOutOfBoundsException.class, "out of bounds")),
                (p, r) -> new ReadyEvents(4).registration(0));
        add(c, "poll timeout -2", always(throwing(IllegalArgumentException.class, "timeout", "-2")),
                (p, r) -> p.poll(new ReadyEvents(1), -2));
        add(c, "poll timeout Long.MIN_VALUE", always(throwing(IllegalArgumentException.class, "timeout",
                Long.toString(Long.MIN_VALUE))), (p, r) -> p.poll(new ReadyEvents(1), Long.MIN_VALUE));
        add(c, "poll null events", always(throwing(NullPointerException.class, "events")),
                (p, r) -> p.poll(null, 0));
        add(c, "poll null unit", always(throwing(NullPointerException.class, "unit")),
                (p, r) -> p.poll(new ReadyEvents(1), 1, null));
        add(c, "poll timeout -1 is forever, not an error (a wakeup ends it)", always(returning(0)),
                (p, r) -> pollWokenAfter(p, Poller.FOREVER, TimeUnit.MILLISECONDS));
        add(c, "poll timeout Long.MAX_VALUE days is legal (a wakeup ends it)", always(returning(0)),
                (p, r) -> pollWokenAfter(p, Long.MAX_VALUE, TimeUnit.DAYS));
        add(c, "poll timeout Long.MAX_VALUE ns is legal (a wakeup ends it)", always(returning(0)),
                (p, r) -> pollWokenAfter(p, Long.MAX_VALUE, TimeUnit.NANOSECONDS));
        add(c, "regular file", caps -> !caps.rawFds() ? raw(null).apply(caps)
                        : caps.regularFiles() ? returning("readable")
                        : throwing(NativeCallException.class, "EPERM", "regular files"),
                (p, r) -> registerAndPoll(p, r.regularFileFd()));
        // A device, not a regular file: poll(2) takes anything, epoll refuses always-ready files,
        // kqueue attaches its read filter only to devices that can count their bytes (man kevent).
        add(c, "/dev/null", caps -> !caps.rawFds() ? raw(null).apply(caps)
                        : !caps.regularFiles() ? throwing(NativeCallException.class, "EPERM", "/dev/null")
                        : caps.backend() == Backend.KQUEUE ? throwing(NativeCallException.class, "kevent", "on fd")
                        : returning("readable"),
                (p, r) -> registerAndPoll(p, r.openRaw("/dev/null")));
        // select(2)'s fd_set has bits for fds below FD_SETSIZE only: SELECT refuses higher ones up front.
        add(c, "an fd numbered at or above the backend's fd limit (FD_SETSIZE)", caps -> !caps.rawFds()
                        ? raw(null).apply(caps)
                        : caps.fdLimit().isPresent() ? throwing(IllegalArgumentException.class, "FD_SETSIZE ("
                                + caps.fdLimit().getAsInt() + ")", "fd " + highFdNumber(caps))
                        : returning("readable"),
                (p, r) -> {
                    int[] sp = r.rawSocketPair();
                    io.github.fdmux.unix.Fds.writeBytes(sp[1], 1);
                    return registerAndPoll(p, rawAt(r, highFdNumber(p.capabilities()), sp[0]));
                });
        add(c, "channel of a foreign SelectorProvider", always(throwing(IllegalArgumentException.class,
                ForeignChannel.class.getName())), (p, r) -> p.register(r.track(new ForeignChannel()), READ, LEVEL, null));
        add(c, "WRITE interest on a listener is legal and never reports", always(returning(0)), (p, r) -> {
            ServerSocketChannel l = r.listener();
            p.register(l, Interest.WRITE, LEVEL, null);
            return p.poll(new ReadyEvents(4), 50);
        });
        add(c, "READ interest on a pipe's write end is legal and never reports", always(returning(0)), (p, r) -> {
            Pipe pipe = r.pipe();
            p.register(pipe.sink(), READ, LEVEL, null);
            return p.poll(new ReadyEvents(4), 50);
        });
    }

    /** @return FD_SETSIZE itself where the backend has an fd limit, else 1024 (SELECT's limit on Linux and macOS) */
    private static int highFdNumber(Capabilities caps) {
        return caps.fdLimit().orElse(1024);
    }

    /**
     * A copy of {@code fd} under a chosen number (dup2), raising the soft RLIMIT_NOFILE first; the
     * calling test is skipped, saying so, where the hard limit does not reach that number.
     *
     * @return {@code number}, closed when {@code r} closes
     */
    private static int rawAt(Resources r, int number, int fd) throws IOException {
        long soft = ResourceLimits.raiseNoFile(number + 8L);
        org.junit.jupiter.api.Assumptions.assumeTrue(soft < 0 || soft > number, () -> "RLIMIT_NOFILE " + soft
                + " (its hard limit here) does not reach fd " + number);
        if (io.github.fdmux.unix.Native.libc().dup2(fd, number) < 0) {
            throw io.github.fdmux.unix.Native.exception("dup2", fd, io.github.fdmux.unix.Native.errno());
        }
        return r.trackRaw(number);
    }

    private static Object registerAndPoll(Poller p, int fd) throws IOException {
        p.register(fd, READ, LEVEL, null);
        ReadyEvents ev = new ReadyEvents(4);
        int n = p.poll(ev, 2, TimeUnit.SECONDS);
        return n == 1 && ev.isReadable(0) ? "readable" : ev.toString();
    }

    /** Polls with the timeout while another thread wakes the poller once the poll blocks. */
    private static Object pollWokenAfter(Poller p, long timeout, TimeUnit unit) throws Exception {
        Thread waker = new Thread(() -> {
            try {
                Fixture.awaitBlocked(p);
            } finally {
                p.wakeup();
            }
        }, "misuse-waker");
        waker.start();
        try {
            return p.poll(new ReadyEvents(1), timeout, unit);
        } finally {
            waker.join(5_000);
        }
    }

    // ------------------------------------------------------------------ modes

    private static void modes(List<Misuse> c) {
        for (Mode m : Mode.values()) {
            add(c, "register in " + m + " mode", caps -> caps.supports(m) ? returning(m)
                    : throwing(UnsupportedOperationException.class, caps.backend().name(), m.name()),
                    (p, r) -> p.register(r.tcpPair().server, READ, m, null).mode());
        }
        add(c, "rearm on a LEVEL registration", always(throwing(IllegalStateException.class, "ONESHOT", "LEVEL")),
                (p, r) -> {
                    p.register(r.tcpPair().server, READ, LEVEL, null).rearm();
                    return null;
                });
        add(c, "rearm on an EDGE registration", caps -> caps.supports(Mode.EDGE)
                        ? throwing(IllegalStateException.class, "ONESHOT", "EDGE")
                        : throwing(UnsupportedOperationException.class, caps.backend().name(), "EDGE"),
                (p, r) -> {
                    p.register(r.tcpPair().server, READ, Mode.EDGE, null).rearm();
                    return null;
                });
    }

    // ------------------------------------------------------------------ registration lifecycle

    private static void lifecycle(List<Misuse> c) {
        add(c, "double register of a channel", always(throwing(IllegalStateException.class, "already registered")),
                (p, r) -> {
                    SocketChannel ch = r.tcpPair().server;
                    p.register(ch, READ, LEVEL, null);
                    return p.register(ch, Interest.WRITE, LEVEL, null);
                });
        add(c, "double register of a raw fd", raw(throwing(IllegalStateException.class, "already registered")),
                (p, r) -> {
                    int fd = r.rawSocketPair()[0];
                    p.register(fd, READ, LEVEL, null);
                    return p.register(fd, READ, LEVEL, null);
                });
        add(c, "a channel, then its fd", raw(throwing(IllegalStateException.class, "already registered")),
                (p, r) -> {
                    SocketChannel ch = r.tcpPair().server;
                    p.register(ch, READ, LEVEL, null);
                    return p.register(ChannelFd.of(ch), READ, LEVEL, null);
                });
        add(c, "modify after cancel", always(throwing(CancelledRegistrationException.class, "modify", "cancelled")),
                (p, r) -> {
                    Registration reg = p.register(r.tcpPair().server, READ, LEVEL, null);
                    reg.cancel();
                    reg.modify(Interest.WRITE);
                    return null;
                });
        add(c, "rearm after cancel", always(throwing(CancelledRegistrationException.class, "rearm", "cancelled")),
                (p, r) -> {
                    Registration reg = p.register(r.tcpPair().server, READ,
                            Backends.oneshotOrLevel(p.capabilities()), null);
                    reg.cancel();
                    reg.rearm();
                    return null;
                });
        add(c, "cancel after cancel returns false (documented, not an exception)", always(returning(List.of(true,
                false, false))), (p, r) -> {
                    Registration reg = p.register(r.tcpPair().server, READ, LEVEL, null);
                    return List.of(reg.cancel(), reg.cancel(), reg.isValid());
                });
        add(c, "modify after the channel was closed", always(throwing(ClosedChannelException.class)), (p, r) -> {
            SocketChannel ch = r.tcpPair().server;
            Registration reg = p.register(ch, READ, LEVEL, null);
            ch.close();
            reg.modify(Interest.WRITE);
            return null;
        });
        add(c, "rearm after the channel was closed", caps -> caps.supports(Mode.ONESHOT)
                ? throwing(ClosedChannelException.class) : returning("no oneshot mode here"), (p, r) -> {
            SocketChannel ch = r.tcpPair().server;
            Registration reg = p.register(ch, READ, Backends.oneshotOrLevel(p.capabilities()), null);
            ch.close();
            if (!reg.mode().isOneshot()) {
                return "no oneshot mode here";
            }
            reg.rearm();
            return null;
        });
    }

    // ------------------------------------------------------------------ after close

    private static void afterClose(List<Misuse> c) {
        add(c, "register(fd) after close", raw(throwing(ClosedPollerException.class, "register", "closed")),
                (p, r) -> {
                    int fd = r.rawSocketPair()[0];
                    p.close();
                    return p.register(fd, READ, LEVEL, null);
                });
        add(c, "register(channel) after close", always(throwing(ClosedPollerException.class, "register", "closed")),
                (p, r) -> {
                    SocketChannel ch = r.tcpPair().server;
                    p.close();
                    return p.register(ch, READ, LEVEL, null);
                });
        add(c, "poll after close", always(throwing(ClosedPollerException.class, "poll", "closed")), (p, r) -> {
            p.close();
            return p.poll(new ReadyEvents(1), 0);
        });
        add(c, "wakeup after close", always(throwing(ClosedPollerException.class, "wakeup", "closed")), (p, r) -> {
            p.close();
            p.wakeup();
            return null;
        });
        add(c, "modify after close", always(throwing(ClosedPollerException.class, "modify", "closed")), (p, r) -> {
            Registration reg = p.register(r.tcpPair().server, READ, LEVEL, null);
            p.close();
            reg.modify(Interest.WRITE);
            return null;
        });
        add(c, "rearm after close", always(throwing(ClosedPollerException.class, "rearm", "closed")), (p, r) -> {
            Registration reg = p.register(r.tcpPair().server, READ, Backends.oneshotOrLevel(p.capabilities()), null);
            p.close();
            reg.rearm();
            return null;
        });
        add(c, "cancel after close returns false", always(returning(List.of(false, false))), (p, r) -> {
            Registration reg = p.register(r.tcpPair().server, READ, LEVEL, null);
            p.close();
            return List.of(reg.cancel(), reg.isValid());
        });
        add(c, "close twice is a no-op; stats and isOpen still answer", always(returning(List.of(false, 0L))),
                (p, r) -> {
                    p.close();
                    p.close();
                    return List.of(p.isOpen(), p.stats().events());
                });
    }

    // ------------------------------------------------------------------ own fds, other pollers

    private static void ownAndForeign(List<Misuse> c) {
        // Every fd that opening a poller created is refused; under libkqueue only the kqueue fd is
        // fdmux's to know (libkqueue opens an epoll fd and eventfds of its own behind kqueue()).
        add(c, "the poller's own fds (epoll/kqueue fd, wakeup fds)", raw(throwing(IllegalArgumentException.class,
                "own", "fd")), (p, r) -> {
                    FdSnapshot before = FdSnapshot.take();
                    Poller q = r.track(Pollers.open(p.backend()));
                    List<Integer> own = new ArrayList<>(FdSnapshot.take().leakedSince(before).keySet());
                    if (own.isEmpty()) {
                        return "no fds of its own seen (is /proc/self/fd or /dev/fd missing?)";
                    }
                    if (!q.capabilities().rawFds()) {
                        return q.register(own.get(0), READ, LEVEL, null); // refused as any raw fd
                    }
                    List<String> answers = new ArrayList<>();
                    List<IllegalArgumentException> refused = new ArrayList<>();
                    for (int fd : own) {
                        try {
                            q.register(fd, READ, LEVEL, null).cancel();
                            answers.add(fd + ": accepted");
                        } catch (IllegalArgumentException e) {
                            refused.add(e);
                            answers.add(fd + ": refused by fdmux");
                        } catch (IOException | RuntimeException e) {
                            answers.add(fd + ": " + e);
                        }
                    }
                    boolean libkqueue = "libkqueue".equals(q.capabilities().variant());
                    if (refused.size() == own.size() || libkqueue && refused.size() == 1) {
                        throw refused.get(0);
                    }
                    return "own fds not all refused by fdmux: " + answers;
                });
        add(c, "a channel registered with another poller is an ordinary channel", always(returning(
                List.of("here", "there"))), (p, r) -> {
                    Resources.Pair pair = r.tcpPair();
                    Poller q = r.track(Pollers.open(p.backend()));
                    p.register(pair.server, READ, LEVEL, "here");
                    q.register(pair.server, READ, LEVEL, "there");
                    pair.client.write(ByteBuffer.wrap(new byte[] {1}));
                    ReadyEvents ev = new ReadyEvents(4);
                    Object a = p.poll(ev, 2, TimeUnit.SECONDS) == 1 ? ev.attachment(0) : ev.toString();
                    Object b = q.poll(ev, 2, TimeUnit.SECONDS) == 1 ? ev.attachment(0) : ev.toString();
                    return List.of(a, b);
                });
        add(c, "cancelling another poller's registration of the same channel leaves this one", always(returning(
                "here")), (p, r) -> {
                    Resources.Pair pair = r.tcpPair();
                    Poller q = r.track(Pollers.open(p.backend()));
                    p.register(pair.server, READ, LEVEL, "here");
                    q.register(pair.server, READ, LEVEL, "there").cancel();
                    q.pollNow(new ReadyEvents(1));
                    pair.client.write(ByteBuffer.wrap(new byte[] {1}));
                    ReadyEvents ev = new ReadyEvents(4);
                    return p.poll(ev, 2, TimeUnit.SECONDS) == 1 ? ev.attachment(0) : ev.toString();
                });
        add(c, "a raw fd", caps -> caps.rawFds() ? returning("registered")
                        : throwing(UnsupportedOperationException.class, caps.backend().name(), "raw fds"),
                (p, r) -> p.register(r.rawSocketPair()[0], READ, LEVEL, null).isValid() ? "registered" : "invalid");
    }

    // ------------------------------------------------------------------ EXCLUSIVE

    private static Function<Capabilities, Outcome> withExclusive(Outcome onExclusive) {
        return caps -> caps.exclusiveWakeups() ? onExclusive
                : throwing(UnsupportedOperationException.class, caps.backend().name(), "EXCLUSIVE");
    }

    private static void exclusive(List<Misuse> c) {
        add(c, "EXCLUSIVE on a listener", withExclusive(returning(true)),
                (p, r) -> p.register(r.listener(), READ, LEVEL, null, RegisterOption.EXCLUSIVE).isValid());
        add(c, "EXCLUSIVE with ONESHOT", withExclusive(throwing(UnsupportedOperationException.class, "EXCLUSIVE",
                "ONESHOT")), (p, r) -> p.register(r.listener(), READ, Mode.ONESHOT, null, RegisterOption.EXCLUSIVE));
        add(c, "EXCLUSIVE with EDGE_ONESHOT", withExclusive(throwing(UnsupportedOperationException.class,
                "EXCLUSIVE", "EDGE_ONESHOT")),
                (p, r) -> p.register(r.listener(), READ, Mode.EDGE_ONESHOT, null, RegisterOption.EXCLUSIVE));
        add(c, "modify on an EXCLUSIVE registration", withExclusive(throwing(IllegalStateException.class,
                "EXCLUSIVE", "cannot be modified")), (p, r) -> {
                    p.register(r.listener(), READ, LEVEL, null, RegisterOption.EXCLUSIVE).modify(Interest.NONE);
                    return null;
                });
        add(c, "rearm on an EXCLUSIVE (LEVEL) registration", withExclusive(throwing(IllegalStateException.class,
                "rearm", "LEVEL")), (p, r) -> {
                    p.register(r.listener(), READ, LEVEL, null, RegisterOption.EXCLUSIVE).rearm();
                    return null;
                });
    }

    // ------------------------------------------------------------------ threads

    private static void threads(List<Misuse> c) {
        add(c, "concurrent poll from two threads", always(throwing(IllegalStateException.class,
                "another thread", "polling")), (p, r) -> {
                    Thread blocked = new Thread(() -> {
                        ReadyEvents ev = new ReadyEvents(1);
                        while (true) {
                            try {
                                p.poll(ev, Poller.FOREVER); // ended by the wakeup below
                                return;
                            } catch (IllegalStateException busy) {
                                Thread.onSpinWait(); // the main thread's probe held the poll: again
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }, "misuse-poller");
                    blocked.start();
                    try {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (System.nanoTime() < deadline) {
                            p.poll(new ReadyEvents(1), 0); // returns until the other thread holds the poll
                            Thread.sleep(1);
                        }
                        return "the second poll was never refused";
                    } finally {
                        p.wakeup();
                        blocked.join(5_000);
                    }
                });
    }

    // ------------------------------------------------------------------ timers, signals, processes, user events

    private static void sources(List<Misuse> c) {
        Duration zero = Duration.ZERO;
        add(c, "registerTimer: negative initial delay", always(throwing(IllegalArgumentException.class,
                "initialDelay", "0 or more", "PT-1S")), (p, r) -> p.registerTimer(Duration.ofSeconds(-1), zero, null));
        add(c, "registerTimer: negative period", always(throwing(IllegalArgumentException.class, "period",
                "0 or more")), (p, r) -> p.registerTimer(zero, Duration.ofMillis(-5), null));
        add(c, "registerTimer: a delay over 100 years", always(throwing(IllegalArgumentException.class,
                "initialDelay", "100 years")), (p, r) -> p.registerTimer(Duration.ofDays(365L * 101), zero, null));
        add(c, "registerTimer: null initial delay", always(throwing(NullPointerException.class, "initialDelay")),
                (p, r) -> p.registerTimer(null, zero, null));
        add(c, "registerTimer: null period", always(throwing(NullPointerException.class, "period")),
                (p, r) -> p.registerTimer(zero, null, null));
        add(c, "registerSignal: null name", always(throwing(NullPointerException.class, "name")),
                (p, r) -> p.registerSignal(null, null));
        add(c, "registerSignal: unknown name", always(throwing(IllegalArgumentException.class, "unknown signal",
                "NOSUCH")), (p, r) -> p.registerSignal("NOSUCH", null));
        add(c, "registerSignal: KILL cannot be caught", always(throwing(IllegalArgumentException.class, "KILL",
                "cannot be caught")), (p, r) -> p.registerSignal("KILL", null));
        add(c, "registerSignal: SEGV is HotSpot's", always(throwing(IllegalArgumentException.class, "SEGV",
                "HotSpot")), (p, r) -> p.registerSignal("SIGSEGV", null));
        add(c, "registerSignal: QUIT is HotSpot's (thread dumps)", always(throwing(IllegalArgumentException.class,
                "QUIT", "thread dump")), (p, r) -> p.registerSignal("QUIT", null));
        add(c, "registerSignal: USR2 is HotSpot's (thread suspension)", always(throwing(
                IllegalArgumentException.class, "USR2", "suspends")), (p, r) -> p.registerSignal("USR2", null));
        add(c, "registerSignal: a signal twice on one poller", always(throwing(IllegalStateException.class,
                "WINCH", "already registered")), (p, r) -> {
                    p.registerSignal("WINCH", null);
                    return p.registerSignal("SIGWINCH", null);
                });
        add(c, "registerProcess: null", always(throwing(NullPointerException.class, "process")),
                (p, r) -> p.registerProcess(null, null));
        add(c, "registerProcess: the current process", always(throwing(IllegalArgumentException.class,
                "this JVM", String.valueOf(ProcessHandle.current().pid()))),
                (p, r) -> p.registerProcess(ProcessHandle.current(), null));
        add(c, "registerProcess: a process twice on one poller", always(throwing(IllegalStateException.class,
                "already registered")), (p, r) -> {
                    // No pipe at all: the JDK closes a child's stdin pipe on its reaper thread, after
                    // waitFor() may have returned, and the leak check would see it still open.
                    Process child = new ProcessBuilder("true")
                            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    child.waitFor();
                    p.registerProcess(child.toHandle(), null);
                    return p.registerProcess(child.toHandle(), null);
                });
        add(c, "modify of a timer", always(throwing(UnsupportedOperationException.class, "modify", "TIMER")),
                (p, r) -> {
                    p.registerTimer(Duration.ofHours(1), zero, null).modify(Interest.WRITE);
                    return null;
                });
        add(c, "rearm of a user event", always(throwing(UnsupportedOperationException.class, "rearm", "USER")),
                (p, r) -> {
                    p.registerUserEvent(null).rearm();
                    return null;
                });
        add(c, "trigger after cancel is ignored (documented, not an exception)", always(returning(List.of(false,
                0))), (p, r) -> {
                    UserEvent u = p.registerUserEvent(null);
                    u.cancel();
                    u.trigger();
                    return List.of(u.isValid(), p.poll(new ReadyEvents(4), 50));
                });
        add(c, "trigger after close is ignored", always(returning(false)), (p, r) -> {
            UserEvent u = p.registerUserEvent(null);
            p.close();
            u.trigger();
            return u.isValid();
        });
        add(c, "registerTimer after close", always(throwing(ClosedPollerException.class, "registerTimer",
                "closed")), (p, r) -> {
                    p.close();
                    return p.registerTimer(zero, zero, null);
                });
        add(c, "registerSignal after close", always(throwing(ClosedPollerException.class, "closed")), (p, r) -> {
            p.close();
            return p.registerSignal("WINCH", null);
        });
        add(c, "registerUserEvent after close", always(throwing(ClosedPollerException.class, "closed")),
                (p, r) -> {
                    p.close();
                    return p.registerUserEvent(null);
                });
    }
}
