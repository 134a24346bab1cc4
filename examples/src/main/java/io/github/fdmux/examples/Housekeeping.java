package io.github.fdmux.examples;

import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import io.github.fdmux.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A reactor's housekeeping on the sources beside fds, as docs/guide.md ("Timers, signals and
 * processes") teaches: a periodic tick, an idle timeout (a one-shot timer registered anew on each
 * activity), SIGHUP (reload) and SIGTERM (stop) as registrations, the exit of child processes, and a
 * {@link UserEvent} through which other threads hand the loop work. A real server would register its
 * connections with the same poller and handle {@code FD} events beside these.
 *
 * <p>Threads: {@link #run()} in one thread (the loop); {@link #submit} and {@link #watch} from any.
 */
public final class Housekeeping implements Runnable {
    private final Poller poller;
    private final ReadyEvents events = new ReadyEvents(64);
    private final Duration idleTimeout;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final UserEvent mail;
    private final Registration ticks;
    private final Registration hangup;
    private final Registration terminate;
    private final Consumer<String> log;
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private Registration idle; // loop thread
    private long tickCount; // loop thread
    private volatile String stoppedBy;

    /**
     * Registers the housekeeping sources with {@code poller}; {@link #run()} serves them.
     *
     * @param poller the loop's poller (the caller's: it closes it)
     * @param tick the period of the tick
     * @param idleTimeout how long the loop may go without any event before it stops
     * @param log where to say what happened
     * @throws IOException if a registration fails
     */
    public Housekeeping(Poller poller, Duration tick, Duration idleTimeout, Consumer<String> log) throws IOException {
        this.poller = poller;
        this.idleTimeout = idleTimeout;
        this.log = log;
        mail = poller.registerUserEvent("mail");
        ticks = poller.registerTimer(tick, tick, "tick");                 // periodic: every tick
        idle = poller.registerTimer(idleTimeout, Duration.ZERO, "idle");  // once, unless registered anew
        hangup = poller.registerSignal("HUP", "reload");   // the JVM's HUP (shutdown) is set aside ...
        terminate = poller.registerSignal("TERM", "stop"); // ... and so is TERM's, until cancel
    }

    /**
     * Hands work to the loop: it runs there, in order. Any thread.
     *
     * @param task what to run in the loop
     */
    public void submit(Runnable task) {
        inbox.add(task);
        mail.trigger();                                    // coalesces: one event for many triggers
    }

    /**
     * Watches a child process: the loop says when it exits, with its status. Any thread.
     *
     * @param child a process this JVM started
     * @throws IOException if the registration fails
     */
    public void watch(Process child) throws IOException {
        poller.registerProcess(child.toHandle(), child);   // reported at once if it has already exited
    }

    /**
     * Serves events until SIGTERM or the idle timeout, then cancels its registrations (the JVM's HUP
     * and TERM handling is back).
     */
    @Override
    public void run() {
        try {
            while (stoppedBy == null) {
                int n = poller.poll(events, Poller.FOREVER);
                for (int i = 0; i < n; i++) {
                    Object what = events.attachment(i);
                    switch (events.source(i)) {
                        case TIMER:
                            if (what.equals("tick")) {
                                tickCount += events.count(i);      // > 1: ticks missed while busy
                            } else {
                                stop("idle for " + idleTimeout.toMillis() + " ms");
                            }
                            break;
                        case SIGNAL:
                            if (what.equals("reload")) {
                                note("SIGHUP x" + events.count(i) + ": reload");
                            } else {
                                stop("SIGTERM");
                            }
                            break;
                        case PROCESS:
                            Process child = (Process) what;   // it exited: waitFor() returns (nearly) at once
                            note("process " + child.pid() + " exited with " + child.waitFor());
                            break;
                        case USER:
                            for (Runnable task; (task = inbox.poll()) != null; ) {
                                task.run();
                            }
                            note("mail: " + events.count(i) + " trigger(s)");
                            break;
                        default:                                   // FD: a server's connections
                            break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Registration r : List.of(mail, ticks, idle, hangup, terminate)) {
                r.cancel();
            }
        }
    }

    /** Something happened: say it, and start the idle timeout again. Loop thread. */
    private void note(String what) throws IOException {
        journal.add(what);
        log.accept(what);
        idle.cancel();                                     // no event of it after this
        idle = poller.registerTimer(idleTimeout, Duration.ZERO, "idle");
    }

    private void stop(String why) {
        journal.add("stop: " + why);
        log.accept("stop: " + why);
        stoppedBy = why;
    }

    /** @return what happened so far, in order (any thread) */
    public List<String> journal() {
        return List.copyOf(journal);
    }

    /** @return why {@link #run()} returned ("SIGTERM", "idle for N ms"), or null while it runs */
    public String stoppedBy() {
        return stoppedBy;
    }

    /** @return the ticks counted so far (expirations, missed ones included). Loop thread, or after {@link #run()}. */
    public long ticks() {
        return tickCount;
    }

    /**
     * Runs it until SIGTERM ({@code kill -TERM <pid>}) or 10 s without an event; {@code kill -HUP}
     * "reloads". A child ({@code sleep 1}) is watched, and a thread hands the loop a task.
     *
     * @param args ignored
     * @throws Exception if the poller or the child cannot be started
     */
    public static void main(String[] args) throws Exception {
        try (Poller poller = Pollers.open()) {
            Housekeeping loop = new Housekeeping(poller, Duration.ofSeconds(1), Duration.ofSeconds(10),
                    System.out::println);
            System.out.println("pid " + ProcessHandle.current().pid() + " on " + poller.backend());
            loop.watch(new ProcessBuilder("sleep", "1").start());
            new Thread(() -> loop.submit(() -> System.out.println("a task, run in the loop"))).start();
            loop.run();
            System.out.println(loop.ticks() + " ticks");
        }
    }
}
