package io.github.fdmux.select;

import io.github.fdmux.Backend;
import io.github.fdmux.Capabilities;
import io.github.fdmux.unix.NativeBackendProvider;
import java.time.Duration;

/**
 * The SELECT backend, found by {@link java.util.ServiceLoader}: POSIX select(2) (pselect(2) where
 * present) over {@code fd_set} bitmaps in native memory, on Linux, macOS and the BSDs (LP64).
 * Named only ({@code FDMUX_BACKEND=select}, {@code Pollers.open(Backend.SELECT)}): the automatic
 * choice never picks it. It is here to show what the older interface costs and cannot say.
 *
 * <ul>
 *   <li>Modes: LEVEL native; ONESHOT emulated (the fd leaves the sets after its event until
 *       {@code rearm()} or {@code modify()}); EDGE and EDGE_ONESHOT unsupported.</li>
 *   <li>fds 0 to {@code FD_SETSIZE - 1} only (1024 on every platform here), which
 *       {@link Capabilities#fdLimit()} reports: a higher fd is refused at register with an
 *       IllegalArgumentException naming FD_SETSIZE and the fd.</li>
 *   <li>No readClosed, writeClosed or error from the kernel: select(2)'s sets say "a read (write)
 *       would not block", which a hang-up or an error also makes true; they come as readable (and
 *       writable). An fd closed while still registered is reported as {@code error} on every poll
 *       until cancelled (once, for ONESHOT), as POLL does: cancel before close.</li>
 *   <li>Raw fds and regular files are accepted (select(2) reports a regular file always ready).</li>
 *   <li>Timeouts: pselect(2) gives nanosecond resolution where present; otherwise select(2)'s
 *       microseconds, rounded up.</li>
 *   <li>Each poll costs O(highest registered fd) in the kernel, in the copy of the sets and in the
 *       result scan, however few fds are ready.</li>
 *   <li>Sources on Linux: user events are eventfds and processes pidfds (emulated when the fd is
 *       numbered at or above FD_SETSIZE); timers are emulated, since a timerfd per timer would add to
 *       every poll's scan ({@code LinuxSourceSupport#declare}).</li>
 * </ul>
 */
public final class SelectBackendProvider extends NativeBackendProvider<SelectNative> {

    /** Creates the provider; nothing native happens until {@link #availability()}. */
    public SelectBackendProvider() {
        super(Backend.SELECT, SelectNative::get, SelectBackendProvider::capabilities,
                SelectPoller::open);
    }

    static Capabilities capabilities(SelectNative nat) {
        return levelTriggered(Backend.SELECT)
                .timeoutResolution(nat.pselect() ? Duration.ofNanos(1) : Duration.ofNanos(1000))
                .fdLimit(nat.platform() != null ? nat.platform().fdSetSize() : -1)
                .build();
    }
}
