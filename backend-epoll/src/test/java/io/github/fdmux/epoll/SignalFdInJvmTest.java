package io.github.fdmux.epoll;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.LinuxConstants;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Why EPOLL (and POLL, SELECT, IO_URING) emulate signals instead of using a signalfd: measured in
 * this JVM. One thread blocks SIGUSR1 (pthread_sigmask) and reads a signalfd for it through an
 * EPOLL poller; a Java handler counts what reaches the JVM's handler instead. Signals are sent one
 * at a time (the next once the last was seen, so none coalesce):
 * <ol>
 *   <li>to the blocking thread itself (pthread_kill): the control, every one must reach the signalfd;</li>
 *   <li>to the process (kill(getpid())): the way a shell's {@code kill}, a supervisor or the terminal
 *       sends them;</li>
 *   <li>to the process from another process ({@code kill -USR1 <pid>}), fewer rounds (a fork each);</li>
 *   <li>SIGWINCH, whose default action is to ignore, to the process with no handler installed.</li>
 * </ol>
 * The kernel delivers a process-directed signal to any thread that does not block it
 * (kernel/signal.c complete_signal / wants_signal), and the JVM's threads do not block SIGUSR1, so
 * the handler must get some, which is what makes a signalfd unusable as the signal source; a
 * default-ignored signal that the main thread does not block is dropped when sent
 * (kernel/signal.c prepare_signal / sig_ignored), so the signalfd never sees it. Rounds:
 * {@code -Dfdmux.signalfd.rounds} (default 200). Prints the counts; docs/backends/epoll.md quotes a run.
 */
class SignalFdInJvmTest {
    private static final int ROUNDS = Integer.getInteger("fdmux.signalfd.rounds", 200);

    /** The calls, from libc (glibc; Linux only). */
    public interface SignalLib {
        int sigemptyset(Pointer set);

        int sigaddset(Pointer set, int signo);

        int pthread_sigmask(int how, Pointer set, Pointer oldset);

        int signalfd(int fd, Pointer mask, int flags);

        int kill(int pid, int sig);

        long pthread_self();

        int pthread_kill(long thread, int sig);
    }

    private final Object monitor = new Object();
    private int handled; // under monitor
    private int viaSignalfd; // under monitor
    private int winchViaSignalfd; // under monitor

    @Test
    void aSignalfdInAJvmMissesProcessDirectedSignals() throws Exception {
        EpollBackendProvider provider = assumeAvailable(new EpollBackendProvider());
        SignalLib lib = LibraryLoader.create(SignalLib.class).load(Platform.getNativePlatform().getStandardCLibraryName());
        int usr1 = Signal.SIGUSR1.intValue();
        int winch = Signal.SIGWINCH.intValue();
        int pid = (int) ProcessHandle.current().pid();
        sun.misc.Signal jvmUsr1 = new sun.misc.Signal("USR1");
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(jvmUsr1, s -> count(true));
        Reader reader = new Reader(provider, lib, usr1, winch);
        try {
            reader.start();
            long thread = reader.awaitReady();

            Counts control = round(ROUNDS, () -> check("pthread_kill", lib.pthread_kill(thread, usr1)));
            Counts process = round(ROUNDS, () -> check("kill", lib.kill(pid, usr1) < 0 ? Native.errno() : 0));
            int external = Math.max(1, ROUNDS / 10);
            Counts shell = round(external, () -> {
                Process kill = new ProcessBuilder("sh", "-c", "kill -USR1 " + pid).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -USR1 " + pid);
            });
            for (int i = 0; i < ROUNDS; i++) {
                check("kill(SIGWINCH)", lib.kill(pid, winch) < 0 ? Native.errno() : 0);
            }
            // kill() queues (or drops) the signal before it returns: one read of the signalfd now sees
            // any SIGWINCH still pending. The control signal after them makes the reader read.
            Counts marker = round(1, () -> check("pthread_kill", lib.pthread_kill(thread, usr1)));
            int winchSeen;
            synchronized (monitor) {
                winchSeen = winchViaSignalfd;
            }
            String report = "signalfd in a JVM (" + Runtime.getRuntime().availableProcessors() + " CPUs, "
                    + tasks() + " threads in the process, Linux " + System.getProperty("os.version")
                    + "):\n  SIGUSR1 to the blocking thread (pthread_kill): " + control
                    + "\n  SIGUSR1 to the process (kill(getpid())): " + process
                    + "\n  SIGUSR1 from another process (kill -USR1): " + shell
                    + "\n  SIGWINCH (default: ignore, no handler) to the process: " + winchSeen + " of " + ROUNDS
                    + " reached the signalfd";
            System.out.println(report);
            assertEquals(ROUNDS, control.signalfd(), "the control: a thread-directed signal it blocks\n" + report);
            assertEquals(1, marker.signalfd(), report);
            assertEquals(ROUNDS, process.signalfd() + process.handler(), "none lost\n" + report);
            assertTrue(process.handler() > 0, "some process-directed signals went to a JVM thread, not the signalfd\n"
                    + report);
            assertEquals(external, shell.signalfd() + shell.handler(), "none lost\n" + report);
            assertEquals(0, winchSeen, "a default-ignored signal the main thread does not block is dropped\n" + report);
        } finally {
            reader.finish();
            sun.misc.Signal.handle(jvmUsr1, previous);
        }
    }

    /** @return the process's threads (the JVM's own: GC, compiler, signal dispatcher, ...), from /proc/self/task */
    private static long tasks() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            return s.count();
        }
    }

    private void count(boolean byHandler) {
        synchronized (monitor) {
            if (byHandler) {
                handled++;
            } else {
                viaSignalfd++;
            }
            monitor.notifyAll();
        }
    }

    /** What one round of sends reached. */
    private record Counts(int sent, int signalfd, int handler) {
        @Override
        public String toString() {
            return signalfd + " of " + sent + " reached the signalfd, " + handler + " the JVM's handler";
        }
    }

    @FunctionalInterface
    private interface Send {
        void send() throws Exception;
    }

    /** Sends {@code n} signals, each once the one before was seen, and counts where they went. */
    private Counts round(int n, Send send) throws Exception {
        int fd0;
        int h0;
        synchronized (monitor) {
            fd0 = viaSignalfd;
            h0 = handled;
        }
        for (int i = 1; i <= n; i++) {
            send.send();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (monitor) {
                long left;
                while (viaSignalfd - fd0 + handled - h0 < i && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
                assertEquals(i, viaSignalfd - fd0 + handled - h0, "signal " + i + " of " + n + " was not seen in 10 s");
            }
        }
        synchronized (monitor) {
            return new Counts(n, viaSignalfd - fd0, handled - h0);
        }
    }

    private static void check(String call, int err) {
        if (err != 0) {
            throw new IllegalStateException(call + " failed: " + Native.errnoName(err));
        }
    }

    /** The thread that blocks the signals and reads their signalfd through an EPOLL poller. */
    private final class Reader extends Thread {
        private final EpollBackendProvider provider;
        private final SignalLib lib;
        private final int usr1;
        private final int winch;
        private volatile long self;
        private volatile Throwable failure;
        private volatile boolean stopping;
        private volatile Poller poller;

        Reader(EpollBackendProvider provider, SignalLib lib, int usr1, int winch) {
            super("signalfd-reader");
            setDaemon(true);
            this.provider = provider;
            this.lib = lib;
            this.usr1 = usr1;
            this.winch = winch;
        }

        long awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (self == 0 && failure == null && System.nanoTime() < deadline) {
                Thread.sleep(1); // polling a flag the thread sets once set up
            }
            if (failure != null) {
                throw new AssertionError("the signalfd reader failed", failure);
            }
            assertTrue(self != 0, "the signalfd reader did not start");
            return self;
        }

        void finish() throws InterruptedException {
            stopping = true;
            Poller p = poller;
            if (p != null && p.isOpen()) {
                p.wakeup();
            }
            join(TimeUnit.SECONDS.toMillis(10));
        }

        @Override
        public void run() {
            int fd = -1;
            try (NativeBuffer mask = NativeBuffer.allocate(LinuxConstants.GLIBC_SIGSET_SIZE);
                 NativeBuffer info = NativeBuffer.allocate(LinuxConstants.SIGNALFD_SIGINFO_SIZE);
                 Poller p = provider.open("signalfd experiment")) {
                poller = p;
                check("sigemptyset", lib.sigemptyset(mask.pointer()) < 0 ? Native.errno() : 0);
                check("sigaddset", lib.sigaddset(mask.pointer(), usr1) < 0 ? Native.errno() : 0);
                check("sigaddset", lib.sigaddset(mask.pointer(), winch) < 0 ? Native.errno() : 0);
                check("pthread_sigmask", lib.pthread_sigmask(LinuxConstants.SIG_BLOCK, mask.pointer(), null));
                fd = lib.signalfd(-1, mask.pointer(), LinuxConstants.SFD_NONBLOCK | LinuxConstants.SFD_CLOEXEC);
                if (fd < 0) {
                    throw Native.exception("signalfd", -1, Native.errno());
                }
                p.register(fd, Interest.READ, Mode.LEVEL, null);
                self = lib.pthread_self();
                ReadyEvents ev = new ReadyEvents(4);
                while (!stopping) {
                    if (p.poll(ev, -1, TimeUnit.MILLISECONDS) > 0) {
                        drain(fd, info);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (fd >= 0) {
                    Native.libc().close(fd);
                }
            }
        }

        /** Reads everything pending, then counts it at once (so a marker is never counted before what was queued with it). */
        private void drain(int fd, NativeBuffer info) throws Exception {
            long n;
            int usr1Seen = 0;
            int winchSeen = 0;
            while ((n = Native.libc().read(fd, info.pointer(), LinuxConstants.SIGNALFD_SIGINFO_SIZE)) > 0) {
                int signo = info.pointer().getInt(0); // ssi_signo
                if (signo == winch) {
                    winchSeen++;
                } else {
                    usr1Seen++;
                }
            }
            synchronized (monitor) {
                winchViaSignalfd += winchSeen;
                viaSignalfd += usr1Seen;
                monitor.notifyAll();
            }
            if (n < 0 && Native.errno() != Errnos.EAGAIN) {
                throw Native.exception("read(signalfd)", fd, Native.errno());
            }
        }
    }
}
