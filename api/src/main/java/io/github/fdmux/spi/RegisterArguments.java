package io.github.fdmux.spi;

import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.RegisterOption;
import io.github.fdmux.Support;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * The argument checks of {@code register}, {@code modify} and {@code rearm} that depend only on the
 * arguments and the backend's capabilities, with the messages every backend gives. Thread-safe.
 */
final class RegisterArguments {
    private RegisterArguments() {
    }

    /** Checks the arguments of {@code register(fd, ...)}; {@return whether EXCLUSIVE was asked for} */
    static boolean checkFd(Capabilities capabilities, int fd, Interest interest, Mode mode, RegisterOption[] options) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be 0 or more, was " + fd);
        }
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(mode, "mode");
        boolean exclusive = exclusive(capabilities, options, mode);
        checkMode(capabilities, mode);
        if (!capabilities.rawFds()) {
            throw new UnsupportedOperationException(capabilities.backend() + " takes JDK channels only, not raw fds"
                    + " (fd " + fd + "); use a native backend (EPOLL, KQUEUE or POLL) for raw file descriptors");
        }
        return exclusive;
    }

    /** Checks the arguments of {@code register(channel, ...)}; {@return whether EXCLUSIVE was asked for} */
    static boolean checkChannel(Capabilities capabilities, SelectableChannel channel, Interest interest, Mode mode,
            RegisterOption[] options) throws ClosedChannelException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(mode, "mode");
        boolean exclusive = exclusive(capabilities, options, mode);
        checkMode(capabilities, mode);
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        return exclusive;
    }

    /** Checks a registration before {@code modify()}. */
    static void checkModify(AbstractRegistration r) throws ClosedChannelException {
        ensureValid(r, "modify");
        if (r.isExclusive()) {
            throw new IllegalStateException("a registration made with RegisterOption.EXCLUSIVE cannot be modified"
                    + " (the kernel refuses EPOLL_CTL_MOD on it); cancel and register again");
        }
        ensureChannelOpen(r);
    }

    /** Checks a registration before {@code rearm()}. */
    static void checkRearm(AbstractRegistration r) throws ClosedChannelException {
        ensureValid(r, "rearm");
        if (!r.mode().isOneshot()) {
            throw new IllegalStateException("rearm() needs a ONESHOT or EDGE_ONESHOT registration; this one is "
                    + r.mode());
        }
        ensureChannelOpen(r);
    }

    private static void ensureValid(AbstractRegistration r, String what) {
        if (!r.isValid()) {
            throw new CancelledRegistrationException(what + "() on a cancelled registration (fd " + r.fd() + ")");
        }
    }

    /** {@return whether {@link RegisterOption#EXCLUSIVE} is among {@code options}, after checking it can be had} */
    private static boolean exclusive(Capabilities capabilities, RegisterOption[] options, Mode mode) {
        Objects.requireNonNull(options, "options");
        boolean exclusive = false;
        for (RegisterOption o : options) {
            Objects.requireNonNull(o, "option");
            if (o == RegisterOption.EXCLUSIVE) {
                exclusive = true;
            }
        }
        if (exclusive) {
            if (!capabilities.exclusiveWakeups()) {
                throw new UnsupportedOperationException(capabilities.backend()
                        + " has no exclusive wakeups (RegisterOption.EXCLUSIVE); only EPOLL offers them");
            }
            if (mode.isOneshot()) {
                throw new UnsupportedOperationException(
                        "RegisterOption.EXCLUSIVE cannot be combined with " + mode + " (the kernel refuses it)");
            }
        }
        return exclusive;
    }

    private static void checkMode(Capabilities capabilities, Mode mode) {
        if (capabilities.support(mode) == Support.UNSUPPORTED) {
            throw new UnsupportedOperationException(capabilities.backend() + " does not support " + mode + " mode"
                    + (mode.isEdge() ? "; edge-triggered modes need EPOLL or IO_URING (Linux) or KQUEUE (macOS, BSD)" : ""));
        }
    }

    /**
     * A closed channel's registration can never report again; the kernels would answer a change with
     * EBADF (epoll, kqueue), nothing (poll(2)) or a cancelled key (NIO): every backend says the same.
     */
    private static void ensureChannelOpen(AbstractRegistration r) throws ClosedChannelException {
        SelectableChannel ch = r.channel();
        if (ch != null && !ch.isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
