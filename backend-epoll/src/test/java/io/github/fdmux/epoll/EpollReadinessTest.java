package io.github.fdmux.epoll;

import static io.github.fdmux.epoll.EpollConstants.EPOLLERR;
import static io.github.fdmux.epoll.EpollConstants.EPOLLET;
import static io.github.fdmux.epoll.EpollConstants.EPOLLEXCLUSIVE;
import static io.github.fdmux.epoll.EpollConstants.EPOLLHUP;
import static io.github.fdmux.epoll.EpollConstants.EPOLLIN;
import static io.github.fdmux.epoll.EpollConstants.EPOLLONESHOT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLOUT;
import static io.github.fdmux.epoll.EpollConstants.EPOLLRDHUP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvent;
import org.junit.jupiter.api.Test;

class EpollReadinessTest {

    @Test
    void readInterestAlwaysAsksForRdhup() {
        assertEquals(EPOLLIN | EPOLLRDHUP, EpollReadiness.interestBits(Interest.READ, Mode.LEVEL, false));
        assertEquals(EPOLLOUT, EpollReadiness.interestBits(Interest.WRITE, Mode.LEVEL, false));
        assertEquals(0, EpollReadiness.interestBits(Interest.NONE, Mode.LEVEL, false));
    }

    @Test
    void modesMapToEtAndOneshot() {
        assertEquals(EPOLLIN | EPOLLRDHUP | EPOLLOUT | EPOLLET,
                EpollReadiness.interestBits(Interest.READ_WRITE, Mode.EDGE, false));
        assertEquals(EPOLLOUT | EPOLLONESHOT, EpollReadiness.interestBits(Interest.WRITE, Mode.ONESHOT, false));
        assertEquals(EPOLLIN | EPOLLRDHUP | EPOLLET | EPOLLONESHOT,
                EpollReadiness.interestBits(Interest.READ, Mode.EDGE_ONESHOT, false));
        assertEquals(EPOLLIN | EPOLLEXCLUSIVE, EpollReadiness.interestBits(Interest.READ, Mode.LEVEL, true));
        assertEquals(EPOLLIN | EPOLLET | EPOLLEXCLUSIVE, EpollReadiness.interestBits(Interest.READ, Mode.EDGE, true));
    }

    @Test
    void decodesTheKernelsCombinations() {
        assertEquals("readable", describe(EPOLLIN));
        assertEquals("writable", describe(EPOLLOUT));
        // FIN from the peer with read interest.
        assertEquals("readable+readClosed", describe(EPOLLIN | EPOLLRDHUP));
        // RDHUP without IN (read interest off): no EOF to read, so not readClosed.
        assertEquals("none", describe(EPOLLRDHUP));
        // Both directions shut down.
        assertEquals("readable+writable+readClosed+writeClosed", describe(EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP));
        // RST on a socket.
        assertEquals("readable+writable+readClosed+writeClosed+error",
                describe(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP));
        // Pipe write end whose reader closed: EPOLLERR alone, or with EPOLLOUT.
        assertEquals("writeClosed+error", describe(EPOLLERR));
        assertEquals("writable+writeClosed+error", describe(EPOLLOUT | EPOLLERR));
        // Pipe read end whose writer closed.
        assertEquals("readClosed+writeClosed", describe(EPOLLHUP));
        assertEquals("readable+readClosed+writeClosed", describe(EPOLLIN | EPOLLHUP));
    }

    private static String describe(int events) {
        return ReadyEvent.describe(EpollReadiness.readyOps(events));
    }

    @Test
    void kernelVersionParsing() {
        assertEquals(true, EpollNative.kernelAtLeast("6.1.0-13-amd64", 4, 5));
        assertEquals(true, EpollNative.kernelAtLeast("4.5.0", 4, 5));
        assertEquals(false, EpollNative.kernelAtLeast("4.4.302", 4, 5));
        assertEquals(false, EpollNative.kernelAtLeast("3.10.0-1160.el7.x86_64", 4, 5));
        assertEquals(false, EpollNative.kernelAtLeast("garbage", 4, 5));
    }
}
