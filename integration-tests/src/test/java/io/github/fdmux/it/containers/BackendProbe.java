package io.github.fdmux.it.containers;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.util.ArrayList;
import java.util.List;

/**
 * Run inside a container (not a test itself): reports, one {@code key=value} line each, what this
 * JVM sees of the backends, what {@link Pollers#open()} chooses and why, and what
 * {@code Pollers.open(Backend.EPOLL)} does. The host test asserts on the lines; this class only
 * observes, so a wrong answer cannot be hidden here.
 *
 * <pre>
 * installed=EPOLL,POLL,NIO
 * cpus=1
 * status.EPOLL=unavailable: epoll_create1(EPOLL_CLOEXEC) failed: EPERM (...)
 * auto=POLL                                  (or auto=FAILED)
 * auto.reason=POLL: chosen after EPOLL unavailable: ...   (or the exception)
 * named.EPOLL=opened EPOLL                   (or the exception: Class: message)
 * named.IO_URING=opened IO_URING             (or the exception)
 * </pre>
 */
public final class BackendProbe {
    private BackendProbe() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        List<String> installed = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (BackendStatus s : Pollers.statuses()) {
            if (s.installed()) {
                installed.add(s.backend().name());
            }
            lines.add("status." + s.backend() + "=" + (s.available() ? "available: " : "unavailable: ") + s.reason());
        }
        System.out.println("installed=" + String.join(",", installed));
        System.out.println("cpus=" + Runtime.getRuntime().availableProcessors());
        lines.forEach(l -> System.out.println(oneLine(l)));
        try (Poller p = Pollers.open()) {
            System.out.println("auto=" + p.backend());
            System.out.println(oneLine("auto.reason=" + p.selectionReason()));
        } catch (Exception | LinkageError e) {
            System.out.println("auto=FAILED");
            System.out.println(oneLine("auto.reason=" + e));
        }
        for (Backend b : new Backend[] {Backend.EPOLL, Backend.IO_URING}) {
            try (Poller p = Pollers.open(b)) {
                System.out.println("named." + b + "=opened " + p.backend());
            } catch (Exception | LinkageError e) {
                System.out.println(oneLine("named." + b + "=" + e));
            }
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
