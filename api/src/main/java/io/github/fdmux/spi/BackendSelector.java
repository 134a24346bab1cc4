package io.github.fdmux.spi;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.BackendUnavailableException;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The selection rules behind {@link Pollers}, over an explicit list of providers so tests can
 * substitute one (e.g. an EPOLL whose initialisation fails) and check the fall-through.
 *
 * <p>Thread-safe.
 */
public final class BackendSelector {
    private static final System.Logger LOG = System.getLogger("io.github.fdmux");
    private static volatile BackendSelector systemDefault;

    private final Map<Backend, BackendProvider> providers = new EnumMap<>(Backend.class);
    private final String osName;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /**
     * Creates a selector over these providers, this OS name and these lookups.
     *
     * @param providers   the installed providers (the first one per backend wins)
     * @param osName      the OS name as in {@code os.name}
     * @param properties  system property lookup
     * @param environment environment variable lookup
     */
    public BackendSelector(Iterable<? extends BackendProvider> providers, String osName,
            Function<String, String> properties, Function<String, String> environment) {
        for (BackendProvider p : providers) {
            this.providers.putIfAbsent(p.backend(), p);
        }
        this.osName = osName;
        this.properties = properties;
        this.environment = environment;
    }

    /** {@return the selector over the ServiceLoader providers, this OS, system properties and environment} */
    public static BackendSelector systemDefault() {
        BackendSelector s = systemDefault;
        if (s == null) {
            synchronized (BackendSelector.class) {
                s = systemDefault;
                if (s == null) {
                    List<BackendProvider> found = new ArrayList<>();
                    ServiceLoader.load(BackendProvider.class, BackendSelector.class.getClassLoader()).forEach(found::add);
                    s = new BackendSelector(found, System.getProperty("os.name", ""), System::getProperty,
                            System::getenv);
                    systemDefault = s;
                }
            }
        }
        return s;
    }

    /**
     * The automatic preference order for an OS: its best native mechanism, then POLL, then NIO.
     *
     * @param osName the OS name as in {@code os.name}
     * @return backends to try, best first
     */
    public static List<Backend> automaticOrder(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<Backend> order = new ArrayList<>();
        if (os.contains("linux")) {
            order.add(Backend.EPOLL);
        } else if (os.contains("mac") || os.contains("darwin") || os.contains("bsd") || os.contains("dragonfly")) {
            order.add(Backend.KQUEUE);
        }
        if (!os.contains("windows")) {
            order.add(Backend.POLL);
        }
        order.add(Backend.NIO);
        return order;
    }

    /**
     * {@return the backend named by the system property or environment variable, with where it
     *     was named, or empty if neither names one}
     *
     * @throws IllegalArgumentException if the name is not a backend
     */
    public Optional<Map.Entry<Backend, String>> requested() {
        String value = properties.apply(Pollers.BACKEND_PROPERTY);
        String source = "system property " + Pollers.BACKEND_PROPERTY;
        if (value == null || value.isBlank()) {
            value = environment.apply(Pollers.BACKEND_ENV);
            source = "environment variable " + Pollers.BACKEND_ENV;
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Backend b;
        try {
            b = Backend.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return Optional.of(Map.entry(b, source + "=" + value.trim()));
    }

    /**
     * Opens the requested backend, or the best available one.
     *
     * @return a new poller
     * @throws IOException see {@link Pollers#open()}
     */
    public Poller open() throws IOException {
        Optional<Map.Entry<Backend, String>> req = requested();
        if (req.isPresent()) {
            Backend b = req.get().getKey();
            return open(b, b + ": named by " + req.get().getValue());
        }
        List<String> failures = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        for (Backend b : automaticOrder(osName)) {
            BackendProvider p = providers.get(b);
            if (p == null) {
                failures.add(b + " not installed");
                continue;
            }
            Availability a = p.availability();
            if (!a.available()) {
                failures.add(b + " unavailable: " + a.reason());
                a.unavailabilityCause().ifPresent(causes::add);
                continue;
            }
            String reason = b + ": " + (failures.isEmpty() ? "the best backend available on " + osName
                    : "chosen after " + String.join("; ", failures));
            try {
                Poller poller = p.open(reason);
                LOG.log(System.Logger.Level.DEBUG, "fdmux chose {0}", reason);
                return poller;
            } catch (IOException | RuntimeException | LinkageError e) {
                failures.add(b + " failed to open: " + e.getMessage());
                causes.add(e);
                LOG.log(System.Logger.Level.DEBUG, "fdmux: " + b + " failed to open, trying the next backend", e);
            }
        }
        BackendUnavailableException none = new BackendUnavailableException(Backend.NIO,
                "no backend could be opened: " + String.join("; ", failures), null);
        causes.forEach(none::addSuppressed); // each backend's own exception, in the order tried
        throw none;
    }

    /**
     * Opens exactly this backend.
     *
     * @param backend the backend
     * @return a new poller
     * @throws IOException see {@link Pollers#open(Backend)}
     */
    public Poller open(Backend backend) throws IOException {
        return open(backend, backend + ": named by the caller");
    }

    private Poller open(Backend backend, String reason) throws IOException {
        BackendProvider p = providers.get(backend);
        if (p == null) {
            throw new BackendUnavailableException(backend, backend + " is not installed: add io.github.fdmux:fdmux-backend-"
                    + backend.id() + " to the class path", null);
        }
        Availability a = p.availability();
        if (!a.available()) {
            throw new BackendUnavailableException(backend, backend + " cannot be used here: " + a.reason(), a.cause());
        }
        Poller poller = p.open(reason);
        LOG.log(System.Logger.Level.DEBUG, "fdmux opened {0}", reason);
        return poller;
    }

    /**
     * {@return one status per backend in enum order; never throws}
     */
    public List<BackendStatus> statuses() {
        List<BackendStatus> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            out.add(status(b));
        }
        return out;
    }

    /**
     * {@return what is known about one backend: installed, available, why, the cause; never throws}
     *
     * @param backend a backend
     */
    public BackendStatus status(Backend backend) {
        BackendProvider p = providers.get(backend);
        if (p == null) {
            return new BackendStatus(backend, false, false,
                    "not installed (add io.github.fdmux:fdmux-backend-" + backend.id() + ")", Optional.empty());
        }
        Availability a = p.availability();
        return new BackendStatus(backend, true, a.available(), a.reason(),
                a.available() ? Optional.of(p.capabilities()) : Optional.empty(), a.unavailabilityCause());
    }

    /**
     * {@return its provider, if installed}
     *
     * @param backend a backend
     */
    public Optional<BackendProvider> provider(Backend backend) {
        return Optional.ofNullable(providers.get(backend));
    }
}
