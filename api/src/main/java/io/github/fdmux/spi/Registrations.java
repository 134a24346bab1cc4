package io.github.fdmux.spi;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A poller's live registrations: the token table the kernel's answers are looked up in, the map from
 * fd (or channel) to registration that finds a double registration, and the decision, through the
 * backend's {@link DuplicateCheck}, whether a registered fd number met again is a double registration
 * or a closed-and-reused number whose old registration is stale.
 *
 * <p>Thread-safe: the public operations (register, modify, rearm, cancel, clear) take the poller's
 * lock; {@link #lookup} runs under it (asserted).
 *
 * @param <R> the backend's registration type
 */
final class Registrations<R extends AbstractRegistration> {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");

    private final AbstractPoller<R> poller;
    private final Lifecycle lifecycle;
    private final DuplicateCheck check;
    private final RegistrationTable<R> table = new RegistrationTable<>();
    private final Map<Object, R> byKey = new HashMap<>();

    Registrations(AbstractPoller<R> poller, Lifecycle lifecycle, DuplicateCheck check) {
        this.poller = poller;
        this.lifecycle = lifecycle;
        this.check = check;
    }

    /**
     * Makes a registration and adds it to the kernel, dropping a stale one of the same fd first.
     *
     * @throws IllegalArgumentException if the fd is one of the poller's own
     * @throws IllegalStateException if the fd or channel is already registered
     * @throws IOException if the kernel refuses
     */
    R register(int fd, SelectableChannel channel, Interest interest, Mode mode, Object attachment, boolean exclusive)
            throws IOException {
        synchronized (poller.lock) {
            lifecycle.ensureOpen("register");
            if (fd >= 0 && poller.isOwnFd(fd)) {
                throw new IllegalArgumentException("fd " + fd + " is this " + poller.backend() + " poller's own fd"
                        + " (its kernel queue or wakeup fd); fdmux uses it internally and cannot register it");
            }
            return add(fd, channel, interest, mode, attachment, exclusive);
        }
    }

    /** Changes a registration's interest (re-arming a oneshot one). */
    void modify(R r, Interest interest) throws IOException {
        Objects.requireNonNull(interest, "interest");
        synchronized (poller.lock) {
            lifecycle.ensureOpen("modify");
            RegisterArguments.checkModify(r);
            poller.implModify(r, interest);
            r.setInterest(interest);
        }
    }

    /** Re-arms a oneshot registration. */
    void rearm(R r) throws IOException {
        synchronized (poller.lock) {
            lifecycle.ensureOpen("rearm");
            RegisterArguments.checkRearm(r);
            poller.implRearm(r);
        }
    }

    private R add(int fd, SelectableChannel channel, Interest interest, Mode mode, Object attachment,
            boolean exclusive) throws IOException {
        assert Thread.holdsLock(poller.lock);
        Object key = keyOf(fd, channel);
        Object identity = fd >= 0 ? check.identity(fd) : null;
        R existing = byKey.get(key);
        R suspect = null;
        if (existing != null) {
            if (isStale(existing, identity)) {
                dropStale(existing, true);
            } else if (fd >= 0 && check.kernelDecides()) {
                // The kernel knows whether this number still names the registered file: let it say.
                suspect = existing;
            } else {
                throw alreadyRegistered(fd, channel);
            }
        }
        R r = poller.newRegistration(fd, channel, interest, mode, attachment, exclusive);
        r.identity = identity;
        try {
            addInternal(r);
        } catch (IOException | RuntimeException | Error e) {
            if (suspect != null && check.isDuplicateRefusal(e)) {
                throw alreadyRegistered(fd, channel);
            }
            throw e;
        }
        if (suspect != null) {
            // The kernel took the fd: the old registration's file was closed and the number reused,
            // and the kernel forgot it then (cancelling it now would remove the new one).
            dropStale(suspect, false);
        }
        byKey.put(key, r);
        return r;
    }

    /**
     * Adds a registration to the table and the kernel, or leaves it invalid and forgotten. Alone (not
     * in the fd map: the user never sees it) for a native source's own fd.
     */
    void addInternal(R r) throws IOException {
        assert Thread.holdsLock(poller.lock);
        table.add(r);
        try {
            poller.implRegister(r);
        } catch (IOException | RuntimeException | Error e) {
            table.remove(r);
            r.invalidate();
            throw e;
        }
    }

    /**
     * Cancels a registration: invalid at once, out of the kernel, its token forgotten.
     *
     * @return false if it was not valid
     */
    boolean cancel(R r) {
        synchronized (poller.lock) {
            if (!r.isValid()) {
                return false;
            }
            r.invalidate();
            poller.implCancel(r);
            forget(r);
            return true;
        }
    }

    /**
     * {@return {@code registration} as this poller's own fd registration}
     *
     * @throws IllegalArgumentException if it belongs to another poller
     * @throws UnsupportedOperationException if it is a source's (they have no interest to change)
     */
    @SuppressWarnings("unchecked")
    R own(AbstractRegistration registration, String what) {
        if (registration.poller() != poller) {
            throw new IllegalArgumentException("registration belongs to another poller");
        }
        if (registration instanceof SourceRegistration) {
            throw new UnsupportedOperationException(what + "() is for fd registrations; this is a "
                    + registration.source() + " registration");
        }
        return (R) registration;
    }

    /** {@return the live registration of a kernel token, or null if it was cancelled or never existed} */
    R lookup(long token) {
        assert Thread.holdsLock(poller.lock);
        return table.lookup(token);
    }

    /** Invalidates and forgets every registration (the poller is closing; the kernel objects go with it). */
    void clear() {
        synchronized (poller.lock) {
            table.forEach(AbstractRegistration::invalidate);
            table.clear();
            byKey.clear();
        }
    }

    private static Object keyOf(int fd, SelectableChannel channel) {
        return fd >= 0 ? (Object) fd : channel;
    }

    private static boolean isStale(AbstractRegistration existing, Object identity) {
        SelectableChannel ch = existing.channel();
        if (ch != null && !ch.isOpen()) {
            return true;
        }
        return existing.identity != null && identity != null && !existing.identity.equals(identity);
    }

    private IllegalStateException alreadyRegistered(int fd, SelectableChannel channel) {
        return new IllegalStateException((channel != null ? channel + " (fd " + fd + ")" : "fd " + fd)
                + " is already registered with this " + poller.backend() + " poller");
    }

    private void dropStale(R existing, boolean cancelInKernel) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: fd {1} was closed and reused; dropping its old registration",
                poller.backend(), existing.fd());
        existing.invalidate();
        if (cancelInKernel) {
            poller.implCancel(existing);
        }
        forget(existing);
    }

    private void forget(R r) {
        table.remove(r);
        byKey.remove(keyOf(r.fd(), r.channel()), r);
    }
}
