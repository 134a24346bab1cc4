package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.CancelledRegistrationException;
import io.github.fdmux.ClosedPollerException;
import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jnr.constants.platform.OpenFlags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error the guide's "Errors" section describes, provoked on every backend available here. */
class ErrorHandlingTest {
    private static final int NOT_OPEN = 999_999;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void aClosedFdIsEbadfAtRegister(Backend backend) throws Exception {
        try (Poller poller = Pollers.open(backend)) {
            if (!poller.capabilities().rawFds()) {
                String err = stderrOf(() -> ErrorHandling.registerOrExplain(poller, NOT_OPEN));
                assertTrue(err.startsWith("NIO: NIO takes JDK channels only"), err);
                return;
            }
            // EPOLL's own EPOLL_CTL_ADD says it; POLL and KQUEUE fstat every fd they register first.
            String call = backend == Backend.EPOLL ? "epoll_ctl(EPOLL_CTL_ADD)" : "fstat";
            String err = stderrOf(() -> ErrorHandling.registerOrExplain(poller, NOT_OPEN));
            assertEquals(call + " refused fd " + NOT_OPEN + ": EBADF (" + Native.errnoValue("EBADF") + ")", err.strip());
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> poller.register(NOT_OPEN, Interest.READ, Mode.LEVEL, null));
            assertEquals(call, e.call());
            assertEquals(NOT_OPEN, e.fd());
            assertEquals("EBADF", e.errnoName());
            assertTrue(e.getMessage().startsWith(call + " on fd 999999 failed: EBADF (errno "), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void regularFilesAreRefusedByEpollOnly(Backend backend) throws Exception {
        Path file = Files.createTempFile("fdmux-guide", ".txt");
        Files.writeString(file, "hello"); // kqueue reports a file readable only before its end
        int fd = Native.posix().open(file.toString(), OpenFlags.O_RDONLY.intValue(), 0);
        assertTrue(fd >= 0, "open " + file);
        try (Poller poller = Pollers.open(backend)) {
            assumeTrue(poller.capabilities().rawFds(), backend + " takes no raw fds: nothing to register");
            String[] err = new String[1];
            Registration r = stderrOfResult(() -> ErrorHandling.registerOrExplain(poller, fd), err);
            if (poller.capabilities().regularFiles()) {
                assertNotNull(r, backend + " accepts a regular file");
                assertEquals(1, poller.poll(new ReadyEvents(4), 1000), "and reports it ready");
                r.cancel();
            } else {
                assertNull(r);
                assertEquals(Backend.EPOLL, backend);
                assertTrue(err[0].startsWith("epoll_ctl(EPOLL_CTL_ADD) refused fd " + fd + ": EPERM"), err[0]);
                assertTrue(err[0].contains("use Backend.POLL or KQUEUE"), err[0]);
            }
        } finally {
            Fds.closeQuietly(fd);
            Files.deleteIfExists(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fdmux.examples.Available#backends")
    void programmingErrorsAreRejectedBeforeAnySystemCall(Backend backend) throws Exception {
        int[] pipe = Fds.nonBlockingPipe();
        try (Poller poller = Pollers.open(backend)) {
            long changes = poller.stats().changes();
            assertThrows(IllegalArgumentException.class, () -> poller.register(-1, Interest.READ, Mode.LEVEL, null));
            assertThrows(NullPointerException.class, () -> poller.register(pipe[0], null, Mode.LEVEL, null));
            assertThrows(IllegalArgumentException.class, () -> poller.poll(new ReadyEvents(1), -2));
            assertThrows(IllegalArgumentException.class, () -> new ReadyEvents(0));
            assertEquals(changes, poller.stats().changes(), "no interest change reached the kernel");
            if (poller.capabilities().rawFds()) {
                Registration r = poller.register(pipe[0], Interest.READ, Mode.LEVEL, null);
                String err = stderrOf(() -> ErrorHandling.registerOrExplain(poller, pipe[0]));
                assertTrue(err.contains("is already registered with this " + backend + " poller"), err);
                assertTrue(r.cancel());
                assertFalse(r.cancel(), "cancel is idempotent");
                assertThrows(CancelledRegistrationException.class, () -> r.modify(Interest.WRITE));
                assertThrows(CancelledRegistrationException.class, r::rearm);
            }
            poller.close();
            assertThrows(ClosedPollerException.class, () -> poller.poll(new ReadyEvents(1), 0));
            assertThrows(ClosedPollerException.class, poller::wakeup);
            if (poller.capabilities().rawFds()) {
                String err = stderrOf(() -> ErrorHandling.registerOrExplain(poller, pipe[0]));
                assertTrue(err.contains("register() on a closed " + backend + " poller"), err);
            }
            poller.close(); // idempotent
        } finally {
            Fds.closeQuietly(pipe[0]);
            Fds.closeQuietly(pipe[1]);
        }
    }

    private static String stderrOf(Callable<?> action) throws Exception {
        String[] err = new String[1];
        stderrOfResult(action, err);
        return err[0];
    }

    private static <T> T stderrOfResult(Callable<T> action, String[] err) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return action.call();
        } finally {
            System.setErr(original);
            err[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
