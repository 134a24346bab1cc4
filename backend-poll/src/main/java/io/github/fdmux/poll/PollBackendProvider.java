package io.github.fdmux.poll;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/**
 * The POLL backend, found by {@link java.util.ServiceLoader}: POSIX poll(2) over an array of
 * {@code struct pollfd} in native memory, on Linux, macOS and the BSDs.
 *
 * <ul>
 *   <li>Modes: LEVEL native; ONESHOT emulated (the entry is disarmed after its event until
 *       {@code rearm()} or {@code modify()}); EDGE and EDGE_ONESHOT unsupported (poll(2) has no
 *       edge trigger).</li>
 *   <li>Raw fds and regular files are accepted (poll(2) reports a regular file always ready).</li>
 *   <li>An fd closed while still registered is reported as {@code error} (POLLNVAL) on every poll
 *       until its registration is cancelled (once, for ONESHOT): poll(2) polls fd numbers, where
 *       epoll and kqueue watch open files and drop them silently. Once the number is reused by
 *       another open file, poll(2) reports that file's readiness under the old registration:
 *       cancel before close.</li>
 *   <li>Where the OS has no POLLRDHUP (macOS, OpenBSD) a peer's half-close is seen only as
 *       readable with read() returning 0; readClosed then comes only with POLLHUP.</li>
 *   <li>What POLLHUP means differs (see {@code PollReadiness.readyOps}): on macOS poll(2) runs on
 *       kqueue, so a FIN, a reset and a pipe whose other end closed all come as POLLHUP with no
 *       POLLERR, an entry with no interest reports nothing at all, and fdmux reports POLLHUP as
 *       readClosed only (never writeClosed) when read interest was asked. The capabilities' variant
 *       ({@code macos}, {@code freebsd}, {@code openbsd}) names the rule in force.</li>
 *   <li>Timeouts: ppoll(2) gives nanosecond resolution where present; otherwise poll(2)'s
 *       milliseconds, rounded up.</li>
 *   <li>Each poll costs O(registrations) in the kernel and in the result scan; prefer EPOLL or
 *       KQUEUE for many mostly idle fds.</li>
 *   <li>Sources on Linux: user events are eventfds and processes pidfds; timers are emulated, since
 *       a timerfd per timer would add to every poll's scan ({@code LinuxSourceSupport#declare}).</li>
 * </ul>
 */
public final class PollBackendProvider extends NativeBackendProvider<PollNative> {

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public PollBackendProvider() {
        super(Backend.POLL, PollNative::get, PollBackendProvider::capabilities,
                PollPoller::open);
    }

    static Capabilities capabilities(PollNative nat) {
        return levelTriggered(Backend.POLL)
                .timeoutResolution(nat.ppoll() ? Duration.ofNanos(1) : Duration.ofMillis(1))
                .variant(nat.platform() == null ? "" : nat.platform().variant())
                .build();
    }
}
