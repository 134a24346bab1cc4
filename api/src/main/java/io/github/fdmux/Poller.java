package io.github.fdmux;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.TimeUnit;

/**
 * Waits for readiness of many file descriptors at once, through one kernel mechanism
 * ({@link #backend()}).
 *
 * <p>Open one with {@link Pollers#open()} (the best backend here) or
 * {@link Pollers#open(Backend)}.
 *
 * <p><b>Threads.</b> {@code register}, {@code modify}, {@code rearm}, {@code cancel},
 * {@link #wakeup()}, {@link #stats()} and {@link #close()} are safe from any thread. {@link #poll}
 * runs in one thread at a time; a second concurrent poll throws {@link IllegalStateException}. A
 * change made from another thread while a poll is blocked is in force no later than that poll's
 * return. Poll on platform threads: a blocking poll pins a virtual thread's carrier.
 *
 * <p><b>Errors.</b> Bad arguments are rejected before any system call ({@link NullPointerException},
 * {@link IllegalArgumentException}). Kernel failures are {@link NativeCallException}s naming the
 * call, the fd and errno. After {@link #close()}, every call throws {@link ClosedPollerException}.
 */
public interface Poller extends Closeable {

    /** A {@code poll} timeout meaning "wait until an event or a wakeup". */
    long FOREVER = -1;

    /**
     * The kernel mechanism this poller uses. Any thread; never throws, also after {@link #close()}.
     *
     * @return the backend
     */
    Backend backend();

    /**
     * What this poller can do: which modes, raw fds, timeout resolution, .... Any thread; never
     * throws, also after {@link #close()}.
     *
     * @return the capabilities (immutable)
     */
    Capabilities capabilities();

    /**
     * Why this backend was chosen. Any thread; never throws, also after {@link #close()}.
     *
     * @return e.g. {@code "EPOLL: the best backend available on Linux"},
     *     {@code "POLL: named by environment variable FDMUX_BACKEND=poll"} or
     *     {@code "POLL: chosen after EPOLL failed to open: epoll_create1(EPOLL_CLOEXEC) failed: EPERM (...)"}
     */
    String selectionReason();

    /**
     * Registers a raw file descriptor (native backends only, see {@link Capabilities#rawFds()}).
     * The fd should be non-blocking, and stays owned by the caller: cancel before closing it. Any
     * thread; if another thread is blocked in {@link #poll}, the registration is in force no later
     * than that poll's return.
     *
     * @param fd a file descriptor, 0 or more
     * @param interest what to wait for
     * @param mode how to report it
     * @param attachment anything, returned with every event; may be null
     * @param options optional behaviours, e.g. {@link RegisterOption#EXCLUSIVE}
     * @return the registration
     * @throws IllegalArgumentException if {@code fd} is negative, or one of this poller's own fds (its
     *     epoll or kqueue fd, its wakeup fds; another poller's fds are ordinary fds)
     * @throws NullPointerException if {@code interest}, {@code mode} or an option is null
     * @throws UnsupportedOperationException if this backend takes no raw fds, or does not support
     *     {@code mode} or an option; the message names backend and mode
     * @throws IllegalStateException if the fd (the same open file) is already registered with this
     *     poller; a registration whose fd was closed and whose number now names another file is
     *     dropped instead
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel refuses (EBADF from fstat: not an open fd; EPERM:
     *     epoll and a regular file; ENOMEM, ENOSPC: out of kernel memory or watches)
     * @throws IOException on other I/O errors
     */
    Registration register(int fd, Interest interest, Mode mode, Object attachment, RegisterOption... options)
            throws IOException;

    /**
     * Registers a JDK channel. It must be open and non-blocking. Native backends register the
     * channel's fd; the channel stays owned by the caller: cancel before closing it. Any thread; if
     * another thread is blocked in {@link #poll}, the registration is in force no later than that
     * poll's return.
     *
     * @param channel an open, non-blocking channel (SocketChannel, ServerSocketChannel, Pipe
     *     channels, DatagramChannel, ...)
     * @param interest what to wait for
     * @param mode how to report it
     * @param attachment anything, returned with every event; may be null
     * @param options optional behaviours
     * @return the registration
     * @throws NullPointerException if {@code channel}, {@code interest}, {@code mode} or an option is null
     * @throws IllegalBlockingModeException if the channel is in blocking mode
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws UnsupportedOperationException if the mode or an option is not supported here
     * @throws IllegalArgumentException if this channel's class has no fd a native backend can find
     *     (not a JDK channel, no {@code int getFD()}); the NIO backend takes such channels
     * @throws IllegalStateException if the channel (or its fd) is already registered with this poller
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel refuses
     * @throws IOException on other I/O errors
     */
    Registration register(SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            RegisterOption... options) throws IOException;

    /**
     * Registers a timer ({@link EventSource#TIMER}). It first fires {@code initialDelay} after this
     * call, then every {@code period} (measured from the first deadline, so periods do not drift);
     * {@code period} {@link java.time.Duration#ZERO} fires once, and the registration is silent after
     * that. Never early: an event is reported no sooner than its deadline, and later by at most the
     * time the poll takes to notice it ({@link Capabilities#timeoutResolution()} and scheduling). A
     * periodic timer that expired N times while nobody polled is reported once, with
     * {@link ReadyEvents#count(int)} N. Any thread; a poll blocked in another thread takes the timer
     * into account no later than its return.
     *
     * @param initialDelay until the first expiration, 0 or more (0: the next poll reports it)
     * @param period between expirations after the first, 0 or more (0: once)
     * @param attachment anything, returned with every event; may be null
     * @return the registration; {@link Registration#cancel()} stops the timer
     * @throws NullPointerException if {@code initialDelay} or {@code period} is null
     * @throws IllegalArgumentException if a duration is negative or longer than 100 years
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel refuses (timerfd_create, EVFILT_TIMER)
     * @throws IOException on other I/O errors
     */
    Registration registerTimer(java.time.Duration initialDelay, java.time.Duration period, Object attachment)
            throws IOException;

    /**
     * Registers a POSIX signal ({@link EventSource#SIGNAL}): each delivery to the process is reported,
     * coalesced into one event per poll with {@link ReadyEvents#count(int)} the number of deliveries
     * seen. While at least one registration of a signal exists, in any poller, the signal no longer
     * has its previous effect (the JVM's: shutdown for HUP, INT and TERM; the default action for the
     * others); cancelling the last one restores it. Every live registration of the signal, in every
     * poller, reports every delivery; one poller takes one registration per signal.
     *
     * @param name the signal's name without "SIG": "HUP", "INT", "TERM", "USR1", "CHLD", "WINCH", ...
     *     ("SIGHUP" is accepted too)
     * @param attachment anything, returned with every event; may be null
     * @return the registration
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is unknown here, or names a signal that cannot be
     *     caught (KILL, STOP) or that the JVM reserves for itself (e.g. SEGV, QUIT, and USR2 on Linux
     *     HotSpot); the message says which and why
     * @throws IllegalStateException if this poller already has a registration of the signal
     * @throws ClosedPollerException if the poller is closed
     * @throws IOException on I/O errors of a native implementation
     */
    Registration registerSignal(String name, Object attachment) throws IOException;

    /**
     * Registers the exit of a process ({@link EventSource#PROCESS}): reported once when it exits, at
     * the next poll if it has already exited; silent after that. Any process the JVM can see, child or
     * not (how fast a non-child's exit is noticed depends on the backend: see docs/guide.md).
     *
     * @param process the process
     * @param attachment anything, returned with the event; may be null
     * @return the registration
     * @throws NullPointerException if {@code process} is null
     * @throws IllegalArgumentException if {@code process} is the current process (it cannot see itself exit)
     * @throws IllegalStateException if this poller already has a registration of the process
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel refuses (pidfd_open, EVFILT_PROC)
     * @throws IOException on other I/O errors
     */
    Registration registerProcess(ProcessHandle process, Object attachment) throws IOException;

    /**
     * Registers an event the program triggers itself ({@link EventSource#USER}) with
     * {@link UserEvent#trigger()}, from any thread; triggers coalesce until delivered.
     *
     * @param attachment anything, returned with every event; may be null
     * @return the registration, with its trigger
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel refuses (eventfd, EVFILT_USER)
     * @throws IOException on other I/O errors
     */
    UserEvent registerUserEvent(Object attachment) throws IOException;

    /**
     * Waits for ready events and fills {@code events} with them.
     *
     * <p>Returns when at least one event is ready, when {@link #wakeup()} was called (before or
     * during the poll), when the timeout expires, or when another thread closes the poller (then the
     * next call throws). Never returns early otherwise: interrupted system calls (EINTR) are retried
     * with the remaining time, and the timeout is honoured to {@link Capabilities#timeoutResolution()}
     * (rounded up). A registration appears at most once per poll; a cancelled one never appears.
     * {@link Thread#interrupt()} does not end a poll. Allocates nothing in steady state.
     *
     * <p>One thread at a time: the polling thread owns {@code events} until its next poll.
     *
     * @param events the buffer to fill; cleared first
     * @param timeout {@link #FOREVER} (-1) to wait without limit, 0 to return at once, else the most to wait
     * @param unit the unit of {@code timeout}
     * @return the number of events in {@code events} (0 on timeout or wakeup)
     * @throws NullPointerException if {@code events} or {@code unit} is null
     * @throws IllegalArgumentException if {@code timeout} is below -1
     * @throws IllegalStateException if another thread is polling this poller
     * @throws ClosedPollerException if the poller is closed
     * @throws NativeCallException if the kernel wait fails (other than EINTR)
     * @throws IOException on other I/O errors
     */
    int poll(ReadyEvents events, long timeout, TimeUnit unit) throws IOException;

    /**
     * {@link #poll(ReadyEvents, long, TimeUnit)} with a timeout in milliseconds; the same rules and
     * exceptions.
     *
     * @param events the buffer to fill
     * @param timeoutMillis -1 forever, 0 now, else milliseconds
     * @return the number of events
     * @throws IOException as {@link #poll(ReadyEvents, long, TimeUnit)}
     */
    default int poll(ReadyEvents events, long timeoutMillis) throws IOException {
        return poll(events, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * {@link #poll(ReadyEvents, long, TimeUnit)} without waiting; the same rules and exceptions.
     *
     * @param events the buffer to fill
     * @return the number of events
     * @throws IOException as {@link #poll(ReadyEvents, long, TimeUnit)}
     */
    default int pollNow(ReadyEvents events) throws IOException {
        return poll(events, 0, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes a blocked {@link #poll} return, or the next one return at once if none is blocked.
     * Coalesced: many wakeups before a poll returns cause one return. Safe from any thread.
     *
     * @throws ClosedPollerException if the poller is closed
     * @throws java.io.UncheckedIOException if writing to the wakeup fd fails (a full eventfd or pipe
     *     is not a failure: it is already signalled)
     */
    void wakeup();

    /**
     * A snapshot of this poller's counters. Any thread; never throws, also after {@link #close()}.
     *
     * @return the counters so far
     */
    PollerStats stats();

    /**
     * Any thread; never throws.
     *
     * @return false once {@link #close()} has begun
     */
    boolean isOpen();

    /**
     * Releases every native resource (kernel fds, native memory) and invalidates every
     * registration. Any thread. A poll blocked in another thread returns (with no events) before
     * anything is released. Idempotent: a second call, or a call while another thread closes, returns
     * once the poller is closed. Registered fds and channels are not closed: they belong to the caller.
     *
     * @throws IOException if releasing a kernel resource failed (everything is released anyway)
     */
    @Override
    void close() throws IOException;
}
