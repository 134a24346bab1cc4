package io.github.fdmux;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a backend can do on this machine: per mode and per {@link EventSource} whether it is native,
 * emulated or unsupported, and the facts a user picks a backend by.
 *
 * <p>Immutable and thread-safe. Built by backends with {@link #builder(Backend)}.
 */
public final class Capabilities {
    private final Backend backend;
    private final Map<Mode, Support> modes;
    private final Map<EventSource, Support> sources;
    private final boolean rawFds;
    private final boolean exclusiveWakeups;
    private final boolean regularFiles;
    private final Duration timeoutResolution;
    private final int fdLimit;
    private final String wakeupMechanism;
    private final String variant;

    private Capabilities(Builder b) {
        this.backend = b.backend;
        this.modes = new EnumMap<>(b.modes);
        for (Mode m : Mode.values()) {
            this.modes.putIfAbsent(m, Support.UNSUPPORTED);
        }
        this.sources = new EnumMap<>(b.sources);
        this.rawFds = b.rawFds;
        this.exclusiveWakeups = b.exclusiveWakeups;
        this.regularFiles = b.regularFiles;
        this.timeoutResolution = Objects.requireNonNull(b.timeoutResolution, "timeoutResolution");
        this.fdLimit = b.fdLimit;
        this.wakeupMechanism = Objects.requireNonNull(b.wakeupMechanism, "wakeupMechanism");
        this.variant = Objects.requireNonNull(b.variant, "variant");
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

    /** {@return the backend described} */
    public Backend backend() {
        return backend;
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

    /** {@return true if {@link Poller#register(int, Interest, Mode, Object, RegisterOption...)} accepts raw file descriptors} */
    public boolean rawFds() {
        return rawFds;
    }

    /** {@return true if {@link RegisterOption#EXCLUSIVE} is available} */
    public boolean exclusiveWakeups() {
        return exclusiveWakeups;
    }

    /**
     * {@return true if regular files can be registered; epoll refuses them (and {@code /dev/null})
     *     with EPERM, poll(2) and kqueue accept them and report them always ready. Devices are another
     *     matter: poll(2) takes {@code /dev/null}, kqueue refuses it (ENODEV on FreeBSD, EPERM under
     *     libkqueue)}
     */
    public boolean regularFiles() {
        return regularFiles;
    }

    /** {@return the finest wait timeout the backend honours (e.g. 1 ms for epoll_wait, 1 ns for epoll_pwait2)} */
    public Duration timeoutResolution() {
        return timeoutResolution;
    }

    /**
     * The backend's own limit on the fds it can watch, beyond the process's RLIMIT_NOFILE: for
     * {@link Backend#SELECT}, {@code FD_SETSIZE} (1024 on Linux and macOS), since an
     * {@code fd_set} has one bit per fd number and no more; registering an fd numbered at or above
     * it throws {@link IllegalArgumentException}. Empty for backends without such a limit (EPOLL,
     * KQUEUE, POLL, NIO).
     *
     * @return the limit on fd numbers (every registered fd is below it), or empty if there is none
     */
    public OptionalInt fdLimit() {
        return fdLimit < 0 ? OptionalInt.empty() : OptionalInt.of(fdLimit);
    }

    /** {@return how {@link Poller#wakeup()} reaches a blocked poll, e.g. {@code "eventfd"} or {@code "pipe"}} */
    public String wakeupMechanism() {
        return wakeupMechanism;
    }

    /**
     * Which implementation of the backend's kernel interface answers here, where implementations
     * differ in what the conformance suite observes: for KQUEUE {@code "macos"}, {@code "freebsd"},
     * {@code "openbsd"}, {@code "netbsd"}, or {@code "libkqueue"} (kqueue emulated over epoll on
     * Linux). Empty where a backend has a single implementation.
     *
     * @return the variant, or an empty string
     */
    public String variant() {
        return variant;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Capabilities)) {
            return false;
        }
        Capabilities c = (Capabilities) o;
        return backend == c.backend && modes.equals(c.modes) && sources.equals(c.sources) && rawFds == c.rawFds
                && exclusiveWakeups == c.exclusiveWakeups && regularFiles == c.regularFiles
                && timeoutResolution.equals(c.timeoutResolution) && fdLimit == c.fdLimit
                && wakeupMechanism.equals(c.wakeupMechanism) && variant.equals(c.variant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, modes, sources, rawFds, exclusiveWakeups, regularFiles, timeoutResolution, fdLimit,
                wakeupMechanism, variant);
    }

    @Override
    public String toString() {
        return backend + " " + modes + " sources=" + sources + " rawFds=" + rawFds + " exclusiveWakeups=" + exclusiveWakeups
                + " regularFiles=" + regularFiles + " timeoutResolution=" + timeoutResolution
                + " fdLimit=" + (fdLimit < 0 ? "none" : fdLimit) + " wakeup=" + wakeupMechanism
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
            for (EventSource source : EventSource.values()) {
                sources.put(source, source == EventSource.FD ? Support.NATIVE : Support.EMULATED);
            }
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
            return new Capabilities(this);
        }
    }
}
