package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.Support;
import io.github.fdmux.cli.serve.Listening;
import io.github.fdmux.cli.serve.ServerConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every usage error exits with 2 and a message that says what is wrong, before anything is opened. */
class ArgumentErrorsTest {

    private static void usageError(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in:\n" + r);
    }

    @Test
    void serveRejectsBadValues() {
        usageError("unknown mode 'sideways'; valid modes: level, edge, oneshot, edge-oneshot",
                "serve", "--mode", "sideways");
        usageError("unknown backend 'epol'", "serve", "--backend", "epol");
        usageError("--loops must be 1 to 1024, was 0", "serve", "--loops", "0");
        usageError("--port must be 0 to 65535, was 70000", "serve", "--port", "70000");
        usageError("'soon' is not a duration", "serve", "--idle-timeout", "soon");
        usageError("--high-water must be 1 to the buffer size (4096), was 5000", "serve", "--buffer", "4096",
                "--high-water", "5000");
        usageError("Unknown option: '--nonsense'", "serve", "--nonsense");
    }

    @Test
    void serveRejectsWorkersWithoutAOneshotMode() {
        usageError("--workers needs a oneshot mode (oneshot or edge-oneshot)", "serve", "--workers", "2",
                "--mode", "level");
    }

    @Test
    void serveRejectsAModeTheBackendDoesNotSupport() {
        Optional<String[]> pair = Pollers.statuses().stream().filter(BackendStatus::available)
                .flatMap(s -> java.util.Arrays.stream(Mode.values())
                        .filter(m -> !s.capabilities().orElseThrow().supports(m))
                        .map(m -> new String[] {s.backend().id(), m.id()}))
                .findFirst();
        assumeTrue(pair.isPresent(), "every backend available here supports every mode (only EPOLL/KQUEUE installed)");
        String backend = pair.get()[0];
        String mode = pair.get()[1];
        usageError(backend.toUpperCase() + " does not support " + mode + " mode", "serve", "--backend", backend,
                "--mode", mode);
    }

    @Test
    void unsupportedBackendModeMessageNamesWhatIsSupported() {
        Capabilities pollLike = Capabilities.builder(Backend.POLL).mode(Mode.LEVEL, Support.NATIVE)
                .mode(Mode.ONESHOT, Support.EMULATED).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withMode(Mode.EDGE).validate(pollLike));
        assertEquals("POLL does not support edge mode; POLL supports: level, oneshot (edge-triggered modes need"
                + " EPOLL, KQUEUE or IO_URING)", e.getMessage());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withThreads(2, 0, Listening.EXCLUSIVE).validate(pollLike));
        assertTrue(x.getMessage().startsWith("POLL has no exclusive wakeups"), x.getMessage());
    }

    @Test
    void aBackendThatCannotRunHereIsAUsageError() {
        Optional<BackendStatus> missing = Pollers.statuses().stream().filter(s -> !s.available()).findFirst();
        assumeTrue(missing.isPresent(), "every backend is available here");
        Backend b = missing.get().backend();
        usageError(b + " cannot be used here", "serve", "--backend", b.id());
        usageError(b + " is not available here", "compare", "--backends", b.id());
        usageError(b + " is not available here", "conformance", "--backends", b.id());
    }

    @Test
    void compareRejectsBadValues() {
        usageError("--connections must be 1 to 10000, was 0", "compare", "--connections", "0");
        usageError("--size must be 1 byte to 1 MiB, was 0", "compare", "--size", "0");
        usageError("--seconds must be 0 to 3600 seconds, was -1.0", "compare", "--seconds", "-1");
        usageError("unknown mode 'fast'", "compare", "--modes", "level,fast");
        usageError("--rounds must be 1 to 100, was 0", "compare", "--rounds", "0");
        usageError("--chart draws against the swept value: add --sweep", "compare", "--chart", "x.svg");
        usageError("--idle must be 0 to 50000, was -1", "compare", "--idle", "-1");
        usageError("--baselines: unknown baseline 'fibers'", "compare", "--baselines", "threads,fibers");
        usageError("--sweep takes connections=, idle= or size=, not 'threads'", "compare", "--sweep", "threads=1,2");
        usageError("--connections must be 1 to 10000, was 0", "compare", "--sweep", "connections=10,0");
    }

    @Test
    void conformanceRejectsBadValues() {
        usageError("unknown behaviour 'noSuchBehaviour'", "conformance", "--behaviours", "noSuchBehaviour");
        usageError("--markdown writes the whole matrix", "conformance", "--markdown", "x.md", "--behaviours",
                "modesAccepted");
    }
}
