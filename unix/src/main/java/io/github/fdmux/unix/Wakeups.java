package io.github.fdmux.unix;

import io.github.fdmux.NativeCallException;
import java.io.IOException;

/** Opens the best {@link Wakeup} here. Thread-safe. */
public final class Wakeups {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private Wakeups() {
    }

    /**
     * eventfd on Linux; a pipe elsewhere, or on Linux when eventfd is refused (seccomp sandboxes).
     * Fd exhaustion (EMFILE, ENFILE) is not a reason to fall back: it is reported.
     *
     * @return a new wakeup
     * @throws IOException if neither can be created
     */
    public static Wakeup open() throws IOException {
        if (Native.isLinux()) {
            try {
                return FdWakeup.eventFd();
            } catch (NativeCallException e) {
                if ("EMFILE".equals(e.errnoName()) || "ENFILE".equals(e.errnoName())) {
                    throw e;
                }
                LOG.log(System.Logger.Level.DEBUG, "eventfd refused, falling back to a pipe for wakeups", e);
            } catch (LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "eventfd missing, falling back to a pipe for wakeups", e);
            }
        }
        return FdWakeup.pipe();
    }

    /**
     * @return what {@link #open()} gives here, for {@link io.github.fdmux.Capabilities#wakeupMechanism()}
     */
    public static String mechanism() {
        return Native.isLoaded() && Native.isLinux() ? "eventfd (pipe where eventfd is refused)" : "pipe";
    }

    /**
     * @return a pipe wakeup, whatever the platform
     * @throws IOException if the pipe cannot be created
     */
    public static Wakeup openPipe() throws IOException {
        return FdWakeup.pipe();
    }
}
