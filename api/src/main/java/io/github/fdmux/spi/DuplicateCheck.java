package io.github.fdmux.spi;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a backend tells a genuine second registration of an fd from a registration whose fd was closed
 * and whose number was reused by another file: one decision, three answers.
 *
 * <ul>
 *   <li>{@link #channelsOnly()}: the backend registers channels (NIO); a closed channel is the only
 *       stale case, and {@link AbstractPoller} sees that itself.</li>
 *   <li>{@link #byFileIdentity(FileIdentity)}: each register asks the file's identity (fstat: device
 *       and inode), which doubles as the synchronous "is this fd open" check (POLL, KQUEUE).</li>
 *   <li>{@link #byKernelRefusal(Predicate)}: the kernel keys its interest list by the open file and
 *       refuses a second registration of the same one (epoll: EEXIST), so a registered number met
 *       again is tried in the kernel and its answer decides, without an fstat per register (EPOLL).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class DuplicateCheck {
    /** The identity of the open file behind an fd. */
    @FunctionalInterface
    public interface FileIdentity {
        /**
         * @param fd the fd
         * @return an identity with {@code equals} (e.g. device and inode)
         * @throws IOException e.g. a {@link io.github.fdmux.NativeCallException} with EBADF for a closed fd
         */
        Object of(int fd) throws IOException;
    }

    private static final DuplicateCheck CHANNELS_ONLY = new DuplicateCheck(null, null);

    private final FileIdentity identity;
    private final Predicate<Throwable> refusal;

    private DuplicateCheck(FileIdentity identity, Predicate<Throwable> refusal) {
        this.identity = identity;
        this.refusal = refusal;
    }

    /** {@return the check of a backend that has no fd identities (a closed channel is all that is stale)} */
    public static DuplicateCheck channelsOnly() {
        return CHANNELS_ONLY;
    }

    /**
     * @param identity the file identity of an fd, asked on every register of a raw fd or channel fd
     * @return a check that compares identities
     */
    public static DuplicateCheck byFileIdentity(FileIdentity identity) {
        return new DuplicateCheck(Objects.requireNonNull(identity, "identity"), null);
    }

    /**
     * @param refusal whether what the kernel registration threw says "this file is already registered"
     * @return a check that lets the kernel decide
     */
    public static DuplicateCheck byKernelRefusal(Predicate<Throwable> refusal) {
        return new DuplicateCheck(null, Objects.requireNonNull(refusal, "refusal"));
    }

    /** {@return whether a registered fd number met again goes to the kernel, whose refusal decides} */
    boolean kernelDecides() {
        return refusal != null;
    }

    /** {@return the identity of {@code fd}'s file, or null when this check needs none} */
    Object identity(int fd) throws IOException {
        return identity == null ? null : identity.of(fd);
    }

    /** {@return whether {@code failure} of the kernel registration says the file is already registered} */
    boolean isDuplicateRefusal(Throwable failure) {
        return refusal != null && refusal.test(failure);
    }
}
