package io.github.fdmux;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What a backend can do on this machine: per mode and per {@link EventSource} whether it is native,
 * emulated or unsupported, and the facts a user picks a backend by.
 *
 * <p>Immutable and thread-safe. Built by backends with {@link #builder(Backend)}.
 *
 * @param backend the backend described
 * @param modes how each mode is provided, every {@link Mode} a key (see {@link #support(Mode)});
 *     unmodifiable
 * @param sources how each source is provided, every {@link EventSource} a key (see
 *     {@link #support(EventSource)}); unmodifiable
 * @param rawFds true if {@link Poller#register(int, Interest, Mode, Object, RegisterOption...)} accepts raw
 *     file descriptors
 * @param exclusiveWakeups true if {@link RegisterOption#EXCLUSIVE} is available
 * @param regularFiles true if regular files can be registered; epoll refuses them (and {@code /dev/null})
 *     with EPERM, poll(2) and kqueue accept them and report them always ready. Devices are another
 *     matter: poll(2) takes {@code /dev/null}, kqueue refuses it (ENODEV on FreeBSD, EPERM under
 *     libkqueue)
 * @param timeoutResolution the finest wait timeout the backend honours (e.g. 1 ms for epoll_wait, 1 ns for
 *     epoll_pwait2)
 * @param fdLimit the backend's own limit on the fds it can watch, beyond the process's RLIMIT_NOFILE (every
 *     registered fd is below it), or empty if there is none: for {@link Backend#SELECT},
 *     {@code FD_SETSIZE} (1024 on Linux and macOS), since an {@code fd_set} has one bit per fd number
 *     and no more; registering an fd numbered at or above it throws {@link IllegalArgumentException}.
 *     Empty for backends without such a limit (EPOLL, KQUEUE, POLL, NIO)
 * @param wakeupMechanism how {@link Poller#wakeup()} reaches a blocked poll, e.g. {@code "eventfd"} or
 *     {@code "pipe"}
 * @param variant which implementation of the backend's kernel interface answers here, where implementations
 *     differ in what the conformance suite observes: for KQUEUE {@code "macos"}, {@code "freebsd"},
 *     {@code "openbsd"}, {@code "netbsd"}, or {@code "libkqueue"} (kqueue emulated over epoll on
 *     Linux); an empty string where a backend has a single implementation
 */
public record Capabilities(Backend backend, Map<Mode, Support> modes, Map<EventSource, Support> sources,
        boolean rawFds, boolean exclusiveWakeups, boolean regularFiles, Duration timeoutResolution,
        OptionalInt fdLimit, String wakeupMechanism, String variant) {

    /**
     * Checks the arguments and completes the tables as {@link #builder(Backend)} does: a mode missing
     * from {@code modes} is {@link Support#UNSUPPORTED}, a source missing from {@code sources}
     * {@link Support#EMULATED}, and {@link EventSource#FD} is always {@link Support#NATIVE}. The
     * tables are copied.
     *
     * @param backend the backend described
     * @param modes how modes are provided
     * @param sources how sources other than {@link EventSource#FD} are provided
     * @param rawFds whether raw fds are accepted
     * @param exclusiveWakeups whether exclusive wakeups are offered
     * @param regularFiles whether regular files can be registered
     * @param timeoutResolution the finest honoured timeout
     * @param fdLimit the backend's own limit on fd numbers, or empty
     * @param wakeupMechanism how wakeup reaches a blocked poll
     * @param variant the implementation variant, or empty
     * @throws NullPointerException if an argument, or a value in a table, is null
     * @throws IllegalArgumentException if {@code sources} has {@link EventSource#FD} as anything but native
     */
    public Capabilities {
        Objects.requireNonNull(backend, "backend");
        modes = complete(Mode.class, Objects.requireNonNull(modes, "modes"), m -> Support.UNSUPPORTED);
        sources = complete(EventSource.class, Objects.requireNonNull(sources, "sources"),
                s -> s == EventSource.FD ? Support.NATIVE : Support.EMULATED);
        if (sources.get(EventSource.FD) != Support.NATIVE) {
            throw new IllegalArgumentException("FD is what every backend watches natively");
        }
        Objects.requireNonNull(timeoutResolution, "timeoutResolution");
        Objects.requireNonNull(fdLimit, "fdLimit");
        Objects.requireNonNull(wakeupMechanism, "wakeupMechanism");
        Objects.requireNonNull(variant, "variant");
    }

    private static <K extends Enum<K>> Map<K, Support> complete(Class<K> keys, Map<K, Support> given,
            Function<K, Support> absent) {
        Map<K, Support> all = new EnumMap<>(keys);
        for (K k : keys.getEnumConstants()) {
            all.put(k, absent.apply(k));
        }
        given.forEach((k, s) -> all.put(k, Objects.requireNonNull(s, () -> "support of " + k)));
        return Collections.unmodifiableMap(all);
    }

    /**
     * {@return a builder with every mode unsupported and every flag false}
     *
     * @param backend the backend these capabilities describe
     * @throws NullPointerException if {@code backend} is null
     */
    public static Builder builder(Backend backend) {
        return new Builder(Objects.requireNonNull(backend, "backend"));
    }

    /**
     * {@return how this backend provides it}
     *
     * @param mode a mode
     * @throws NullPointerException if {@code mode} is null
     */
    public Support support(Mode mode) {
        return modes.get(Objects.requireNonNull(mode, "mode"));
    }

    /**
     * {@return true unless the mode is {@link Support#UNSUPPORTED}}
     *
     * @param mode a mode
     * @throws NullPointerException if {@code mode} is null
     */
    public boolean supports(Mode mode) {
        return support(mode) != Support.UNSUPPORTED;
    }

    /**
     * {@return how this backend provides a source: {@link Support#NATIVE} where the kernel object
     *     the poller waits on watches it (timerfd, pidfd, eventfd, EVFILT_TIMER, EVFILT_SIGNAL, ...),
     *     {@link Support#EMULATED} where fdmux does (a timer heap bounding the wait, the JVM's signal
     *     handlers, {@link ProcessHandle#onExit()}, an in-memory trigger, each waking the poll)}
     *
     * @param source a source; {@link EventSource#FD} is always native
     * @throws NullPointerException if {@code source} is null
     */
    public Support support(EventSource source) {
        return sources.get(Objects.requireNonNull(source, "source"));
    }

    @Override
    public String toString() {
        return backend + " " + modes + " sources=" + sources + " rawFds=" + rawFds + " exclusiveWakeups=" + exclusiveWakeups
                + " regularFiles=" + regularFiles + " timeoutResolution=" + timeoutResolution
                + " fdLimit=" + (fdLimit.isEmpty() ? "none" : fdLimit.getAsInt()) + " wakeup=" + wakeupMechanism
                + (variant.isEmpty() ? "" : " variant=" + variant);
    }

    /** Builds {@link Capabilities}. Not thread-safe. */
    public static final class Builder {
        private final Backend backend;
        private final Map<Mode, Support> modes = new EnumMap<>(Mode.class);
        private final Map<EventSource, Support> sources = new EnumMap<>(EventSource.class);
        private boolean rawFds;
        private boolean exclusiveWakeups;
        private boolean regularFiles;
        private Duration timeoutResolution = Duration.ofMillis(1);
        private int fdLimit = -1;
        private String wakeupMechanism = "unknown";
        private String variant = "";

        private Builder(Backend backend) {
            this.backend = backend;
        }

        /**
         * {@return this builder} Every source but {@link EventSource#FD} starts {@link Support#EMULATED}.
         *
         * @param source a source other than {@link EventSource#FD}
         * @param support how it is provided
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if {@code source} is {@link EventSource#FD}
         */
        public Builder source(EventSource source, Support support) {
            if (Objects.requireNonNull(source, "source") == EventSource.FD) {
                throw new IllegalArgumentException("FD is what every backend watches natively");
            }
            sources.put(source, Objects.requireNonNull(support, "support"));
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param mode a mode
         * @param support how it is provided
         * @throws NullPointerException if {@code mode} or {@code support} is null
         */
        public Builder mode(Mode mode, Support support) {
            modes.put(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(support, "support"));
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value whether raw fds are accepted
         */
        public Builder rawFds(boolean value) {
            this.rawFds = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value whether exclusive wakeups are offered
         */
        public Builder exclusiveWakeups(boolean value) {
            this.exclusiveWakeups = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value whether regular files can be registered
         */
        public Builder regularFiles(boolean value) {
            this.regularFiles = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value the finest honoured timeout
         */
        public Builder timeoutResolution(Duration value) {
            this.timeoutResolution = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value the backend's own limit on fd numbers (see {@link Capabilities#fdLimit()}), or -1 for none
         */
        public Builder fdLimit(int value) {
            this.fdLimit = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value how wakeup reaches a blocked poll
         */
        public Builder wakeupMechanism(String value) {
            this.wakeupMechanism = value;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param value the implementation variant (see {@link Capabilities#variant()}), or empty
         */
        public Builder variant(String value) {
            this.variant = value;
            return this;
        }

        /**
         * {@return the capabilities}
         *
         * @throws NullPointerException if the timeout resolution, wakeup mechanism or variant was set to null
         */
        public Capabilities build() {
            return new Capabilities(backend, modes, sources, rawFds, exclusiveWakeups, regularFiles, timeoutResolution,
                    fdLimit < 0 ? OptionalInt.empty() : OptionalInt.of(fdLimit), wakeupMechanism, variant);
        }
    }
}
