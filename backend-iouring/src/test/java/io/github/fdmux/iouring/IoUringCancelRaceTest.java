package io.github.fdmux.iouring;

import static io.github.fdmux.unix.testing.BackendAssumptions.assumeAvailable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.unix.Errnos;
import io.github.fdmux.unix.Fds;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cancelled registration's POLL_ADD really leaves the ring, so the fd's close reaches its peer,
 * even when the POLL_REMOVE meets the request while a wakeup's task work owns it: io_uring/poll.c,
 * io_poll_disarm() answers -EALREADY then and leaves the request armed - a multishot one (EDGE)
 * for good, holding a reference to the file. Found by `soak --attacks` (fin-with-data: a connection
 * the server closed was never closed for the client).
 */
class IoUringCancelRaceTest {
    private static final int ROUNDS = 1000;
    private static IoUringBackendProvider provider;

    @BeforeAll
    static void ioUring() {
        provider = assumeAvailable(new IoUringBackendProvider());
    }

    @Test
    void edgeCancelDuringWakeupsStillClosesTheFile() throws Exception {
        assertEquals(0, leakedCloses(Mode.EDGE), "rounds whose closed fd the peer never saw closed");
    }

    /**
     * Each round: an EDGE registration of one end of a socket pair, a thread writing a byte at a time
     * into the other end (a wakeup each), and - while the polling thread waits in io_uring_enter and
     * runs the wakeups' task work - a cancel and a close
     * from this thread. The peer must then read the end of file.
     */
    private static int leakedCloses(Mode mode) throws Exception {
        ExecutorService noise = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong delivered = new AtomicLong();
        int leaked = 0;
        try (Poller p = provider.open("cancel-race")) {
            Thread poll = new Thread(() -> {
                ReadyEvents events = new ReadyEvents(64);
                try {
                    while (!stop.get()) {
                        delivered.addAndGet(p.poll(events, 20, TimeUnit.MILLISECONDS));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "cancel-race-poll");
            poll.start();
            try (NativeBuffer one = NativeBuffer.allocate(1)) {
                for (int i = 0; i < ROUNDS; i++) {
                    int[] sp = Fds.nonBlockingSocketPair();
                    Registration r = p.register(sp[0], Interest.READ, mode, null);
                    AtomicBoolean done = new AtomicBoolean();
                    int peer = sp[1];
                    Future<?> writer = noise.submit(() -> {
                        while (!done.get()) {
                            if (Native.libc().write(peer, one.pointer(), 1) < 0 && Native.errno() != Errnos.EAGAIN) {
                                return; // EPIPE: the other end is closed
                            }
                        }
                    });
                    long seen = delivered.get();
                    long spin = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    while (delivered.get() == seen && System.nanoTime() < spin) {
                        Thread.onSpinWait();
                    }
                    r.cancel();
                    Native.close(sp[0]);
                    done.set(true);
                    writer.get();
                    if (!peerSeesEnd(peer, one)) {
                        leaked++;
                    }
                    Fds.closeQuietly(peer);
                    if (leaked == 3) {
                        break; // enough to fail; each costs the 2 s wait
                    }
                }
            } finally {
                stop.set(true);
                poll.join();
            }
        } finally {
            noise.shutdownNow();
        }
        return leaked;
    }

    /** Reads the peer until the end of file (0) or 2 s without it (EAGAIN: the other end still open). */
    private static boolean peerSeesEnd(int peer, NativeBuffer buf) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            long n = Native.libc().read(peer, buf.pointer(), 1);
            if (n == 0) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
