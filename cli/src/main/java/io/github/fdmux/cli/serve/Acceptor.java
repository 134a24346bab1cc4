package io.github.fdmux.cli.serve;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A listener's registration in one event loop. Accepts in a loop until there is nothing left
 * (required under EDGE: one report may stand for many pending connections; harmless otherwise),
 * then re-arms a oneshot registration. The listener channel itself belongs to the {@link Server}.
 *
 * <p>When accept fails (EMFILE or ENFILE at the fd limit, ENOBUFS) or the server holds
 * {@code --max-connections}, it stops accepting: the registration is cancelled, because the
 * listener stays readable while connections wait in the backlog, so a LEVEL registration would
 * report it again at once and a oneshot re-arm (EPOLL_CTL_MOD re-checks readiness) too, a busy
 * loop at 100 % CPU. It registers again when one of the loop's connections closes (an fd came
 * free) or after a back-off of 10 ms doubling to 1 s, whichever comes first; registering a
 * listener with connections queued reports it at once in every mode, EDGE included, so the
 * queued connections are not left waiting for a new arrival. The failure is logged at most once
 * a second.
 */
final class Acceptor implements Handler {
    static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final ServerSocketChannel listener;
    private final Mode mode;
    private final RegisterOption[] options;
    private Registration registration;
    private boolean paused;
    private long resumeAt;
    private long closesAtPause;
    private long backoffNanos = MIN_BACKOFF_NANOS;

    Acceptor(EventLoop loop, ServerSocketChannel listener, Mode mode, RegisterOption... options) {
        this.loop = loop;
        this.listener = listener;
        this.mode = mode;
        this.options = options.clone();
    }

    /** Registers the listener for READ. Loop thread (or before the loop starts). */
    void register() throws IOException {
        registration = loop.poller.register(listener, Interest.READ, mode, this, options);
    }

    @Override
    public void onReady(int readyOps, long now) throws IOException {
        if (paused) {
            return; // an event decoded before the cancel
        }
        while (true) {
            if (loop.atConnectionLimit()) {
                pause(now, "--max-connections (" + loop.config.maxConnections() + ") reached");
                return;
            }
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                loop.counters.errors.incrementAndGet();
                pause(now, "accept failed: " + e.getMessage());
                return;
            }
            if (c == null) {
                break; // EAGAIN: nothing left
            }
            backoffNanos = MIN_BACKOFF_NANOS;
            loop.adopt(c, now);
        }
        if (mode.isOneshot()) {
            registration.rearm();
        }
    }

    private void pause(long now, String why) {
        loop.log.log(why + "; not accepting for " + TimeUnit.NANOSECONDS.toMillis(backoffNanos)
                + " ms or until a connection closes", now);
        registration.cancel();
        registration = null;
        paused = true;
        resumeAt = now + backoffNanos;
        closesAtPause = loop.closes();
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
        loop.acceptorPaused(resumeAt);
    }

    /** @return whether it is paused, waiting for {@link #resumeIfDue} */
    boolean isPaused() {
        return paused;
    }

    /** @return when a paused acceptor resumes at the latest ({@link System#nanoTime()}) */
    long resumeAt() {
        return resumeAt;
    }

    /**
     * Registers again if the back-off is over or a connection of this loop closed since the pause.
     * Loop thread.
     *
     * @param now {@link System#nanoTime()}
     * @throws IOException if registering fails
     */
    void resumeIfDue(long now) throws IOException {
        if (paused && (now - resumeAt >= 0 || loop.closes() != closesAtPause)) {
            paused = false;
            register();
        }
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
    }
}
