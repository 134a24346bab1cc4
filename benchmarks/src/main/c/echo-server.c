/*
 * The practical limit: a single-threaded, edge-triggered epoll echo server in C.
 * Listens on 127.0.0.1, port argv[1] (0 = ephemeral), prints "listening on 127.0.0.1:PORT",
 * serves until SIGINT/SIGTERM. Reactor discipline: non-blocking fds, accept and write to EAGAIN,
 * read until drained (EAGAIN, or a short read: TCP wakes epoll for every segment queued after it,
 * so a short read drained the socket; the fdmux server uses the same rule), EPOLLOUT only while
 * output is pending, MSG_NOSIGNAL, EINTR retried.
 * Build: gcc -O2 -o echo-server echo-server.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 16384
#define MAX_EVENTS 512

struct conn {
    int fd;
    size_t pending; /* bytes in out not yet written */
    size_t off;
    int want_out;
    char out[BUF];
};

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void) sig; stop = 1; }

static void die(const char *what) { perror(what); exit(1); }

static void set_events(int ep, struct conn *c, int out) {
    if (c->want_out == out) return;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl(MOD)");
    c->want_out = out;
}

static void close_conn(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Writes what is pending; returns -1 on error, 0 if all written, 1 if the socket is full. */
static int flush(struct conn *c) {
    while (c->pending > 0) {
        ssize_t n = send(c->fd, c->out + c->off, c->pending, MSG_NOSIGNAL);
        if (n > 0) { c->off += (size_t) n; c->pending -= (size_t) n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
        return -1;
    }
    c->off = 0;
    return 0;
}

/* Reads to EAGAIN, echoing as it goes; returns -1 to close. */
static int on_ready(int ep, struct conn *c, unsigned events) {
    if (events & EPOLLERR) return -1;
    int r = flush(c);
    if (r < 0) return -1;
    while (r == 0) {
        ssize_t n = recv(c->fd, c->out, BUF, 0);
        if (n > 0) {
            c->pending = (size_t) n;
            c->off = 0;
            r = flush(c);
            if (r < 0) return -1;
            if (n < BUF) break; /* a short read took all the socket held; TCP signals a new edge for more */
            continue;
        }
        if (n == 0) return -1;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return -1;
    }
    /* r == 1: output pending, stop reading until it drains (backpressure); EDGE will report EPOLLOUT. */
    set_events(ep, c, r == 1);
    return 0;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 0;
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l < 0) die("socket");
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(l, 1024) < 0) die("listen");
    socklen_t len = sizeof a;
    getsockname(l, (struct sockaddr *) &a, &len);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event lev = {.events = EPOLLIN | EPOLLET, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, l, &lev) < 0) die("epoll_ctl(ADD listener)");
    printf("listening on 127.0.0.1:%d\n", ntohs(a.sin_port));
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    while (!stop) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) {
                for (;;) {
                    int fd = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) {
                        if (errno == EINTR || errno == ECONNABORTED) continue;
                        if (errno != EAGAIN && errno != EWOULDBLOCK) perror("accept4");
                        break;
                    }
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = calloc(1, sizeof *nc);
                    if (nc == NULL) { close(fd); continue; }
                    nc->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = nc};
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(nc); continue; }
                }
                continue;
            }
            if (on_ready(ep, c, events[i].events) < 0) close_conn(ep, c);
        }
    }
    return 0;
}
