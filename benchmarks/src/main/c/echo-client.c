/*
 * The echo load generator: C connections to 127.0.0.1:PORT, each sending an S-byte message,
 * waiting for all S bytes of the echo, and sending again (ping-pong: one message in flight per
 * connection). Single-threaded, level-triggered epoll. Warms up for W seconds, then measures D
 * seconds and prints one JSON line:
 *   {"connections":C,"size":S,"seconds":D,"roundTrips":N,"perSecond":R,"p50us":..,"p99us":..,"errors":E,
 *    "allRoundTrips":N + those of the warm-up}
 * Latency: time from the first byte sent to the last byte of the echo received, in log-linear
 * buckets (32 per power of two, < 3.2% error). Connections close with SO_LINGER 0 (RST), so
 * thousands of runs leave no TIME_WAIT sockets behind.
 * Usage: echo-client PORT C S W D
 * Build: gcc -O2 -o echo-client echo-client.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define BUCKETS ((64 - SUB_BITS) * SUB + SUB)

static uint64_t counts[BUCKETS];
static uint64_t total;

static int bucket(uint64_t v) {
    if (v < SUB) return (int) v;
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - SUB_BITS;
    return (shift + 1) * SUB + (int) ((v >> shift) & (SUB - 1));
}

static uint64_t upper(int index) {
    if (index < SUB) return (uint64_t) index;
    int shift = index / SUB - 1;
    uint64_t base = (uint64_t) (SUB + index % SUB) << shift;
    return base + ((uint64_t) 1 << shift) - 1;
}

static uint64_t percentile(double f) {
    if (total == 0) return 0;
    uint64_t rank = (uint64_t) (f * (double) total + 0.999999);
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += counts[i];
        if (seen >= rank) return upper(i);
    }
    return 0;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

struct conn {
    int fd;
    int dead;
    size_t sent;
    size_t received;
    uint64_t started;
};

static char *message;
static char *sink;
static size_t size;
static int ep;

static void watch(struct conn *c, int out) {
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Sends the rest of the message; returns -1 on error. */
static int send_rest(struct conn *c) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, message + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n > 0) { c->sent += (size_t) n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { watch(c, 1); return 0; }
        return -1;
    }
    return 0;
}

static int start(struct conn *c, uint64_t t) {
    c->sent = 0;
    c->received = 0;
    c->started = t;
    return send_rest(c);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: echo-client PORT CONNECTIONS SIZE WARMUP_SECONDS SECONDS\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int nconn = atoi(argv[2]);
    size = (size_t) atol(argv[3]);
    double warm = atof(argv[4]);
    double secs = atof(argv[5]);
    signal(SIGPIPE, SIG_IGN);
    message = malloc(size);
    sink = malloc(size > 65536 ? size : 65536);
    for (size_t i = 0; i < size; i++) message[i] = (char) ('a' + i % 26);

    ep = epoll_create1(EPOLL_CLOEXEC);
    struct conn *conns = calloc((size_t) nconn, sizeof *conns);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    for (int i = 0; i < nconn; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) { perror("socket"); return 1; }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) { perror("connect"); return 1; }
        /* non-blocking once connected */
        int flags = fcntl(fd, F_GETFL, 0);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) { perror("fcntl(O_NONBLOCK)"); return 1; }
        conns[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { perror("epoll_ctl"); return 1; }
    }

    uint64_t t0 = now_ns();
    uint64_t measure_from = t0 + (uint64_t) (warm * 1e9);
    uint64_t end = measure_from + (uint64_t) (secs * 1e9);
    uint64_t trips = 0, all_trips = 0, errors = 0;
    for (int i = 0; i < nconn; i++) {
        if (start(&conns[i], t0) < 0) { conns[i].dead = 1; errors++; }
    }
    struct epoll_event events[1024];
    uint64_t t = t0;
    while (t < end) {
        int n = epoll_wait(ep, events, 1024, 100);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        t = now_ns();
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->dead) continue;
            if ((events[i].events & EPOLLOUT) && c->sent < size) {
                if (send_rest(c) < 0) goto dead;
                if (c->sent == size) watch(c, 0);
            }
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                ssize_t r = recv(c->fd, sink, size - c->received, 0);
                if (r > 0) {
                    c->received += (size_t) r;
                    if (c->received == size) {
                        all_trips++;
                        if (c->started >= measure_from && t <= end) {
                            uint64_t lat = t - c->started;
                            counts[bucket(lat)]++;
                            total++;
                            trips++;
                        }
                        if (start(c, t) < 0) goto dead;
                    }
                    continue;
                }
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                goto dead;
            }
            continue;
        dead:
            c->dead = 1;
            errors++;
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        }
    }
    printf("{\"connections\":%d,\"size\":%zu,\"seconds\":%.3f,\"roundTrips\":%llu,\"perSecond\":%.1f,"
           "\"p50us\":%.1f,\"p99us\":%.1f,\"errors\":%llu,\"allRoundTrips\":%llu}\n",
           nconn, size, secs, (unsigned long long) trips, (double) trips / secs,
           (double) percentile(0.50) / 1000.0, (double) percentile(0.99) / 1000.0, (unsigned long long) errors,
           (unsigned long long) all_trips);
    for (int i = 0; i < nconn; i++) close(conns[i].fd);
    return 0;
}
