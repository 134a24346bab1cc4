package io.github.fdmux.examples;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.Registration;
import java.io.IOException;

/**
 * What the errors of fdmux say and how a caller tells them apart, for the "Errors" section of
 * docs/guide.md. ErrorHandlingTest provokes each one.
 */
public final class ErrorHandling {
    private ErrorHandling() {
    }

    /**
     * Registers a raw fd for reading, and turns each failure into one line that says what to do.
     *
     * @param poller a poller
     * @param fd a file descriptor
     * @return the registration, or null with the reason printed to {@code System.err}
     */
    public static Registration registerOrExplain(Poller poller, int fd) {
        try {
            return poller.register(fd, Interest.READ, Mode.LEVEL, null);
        } catch (NativeCallException e) {
            // The kernel refused: which call, on which fd, with which errno (portable name and number).
            System.err.println(e.call() + " refused fd " + e.fd() + ": " + e.errnoName() + " (" + e.errno() + ")");
            if ("EPERM".equals(e.errnoName()) && !poller.capabilities().regularFiles()) {
                System.err.println("epoll refuses regular files and /dev/null: use Backend.POLL or KQUEUE for them");
            }
        } catch (UnsupportedOperationException e) {
            // Refused before any system call: NIO takes channels only, or the mode is not offered here.
            System.err.println(poller.backend() + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            // Already registered with this poller (the same fd twice), or the poller is closed
            // (ClosedPollerException is an IllegalStateException).
            System.err.println(e.getMessage());
        } catch (IOException e) {
            System.err.println("I/O error: " + e);
        }
        return null;
    }
}
