/*
 * The round trip of one byte between two processes over a pair of pipes, as a `process`-mode plugin
 * call makes one (a request frame out, an answer frame back), with each side either sleeping in
 * `read` or first watching its pipe with `poll(…, 0)` (yielding the CPU between polls) for a
 * bounded time, and optionally a pause before each round trip (so that both sides sleep, as before
 * the first call of a burst). It shows what the waits cost on this machine, apart from any plugin
 * (docs/performance.md, issue 4).
 *
 *   cc -O2 -o /tmp/pipe_round_trip Benchmarks/PipeRoundTrip/pipe_round_trip.c
 *   /tmp/pipe_round_trip HOST_WATCH_US WORKER_WATCH_US [ROUND_TRIPS [PAUSE_US]]
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Watches `fd` for input for up to `ns` nanoseconds (0: not at all), yielding between polls. */
static void watch(int fd, double ns) {
    if (ns <= 0) return;
    double end = now_ns() + ns;
    struct pollfd p = {fd, POLLIN, 0};
    while (now_ns() < end) {
        if (poll(&p, 1, 0) > 0) return;
        sched_yield();
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST_WATCH_US WORKER_WATCH_US [ROUND_TRIPS [PAUSE_US]]\n", argv[0]);
        return 2;
    }
    double host = atof(argv[1]) * 1000, worker = atof(argv[2]) * 1000;
    int trips = argc > 3 ? atoi(argv[3]) : 20000;
    int pause_us = argc > 4 ? atoi(argv[4]) : 0;
    int out[2], back[2];
    if (pipe(out) != 0 || pipe(back) != 0) return 1;
    pid_t child = fork();
    if (child == 0) {
        char byte;
        for (;;) {
            watch(out[0], worker);
            if (read(out[0], &byte, 1) != 1) break;
            if (write(back[1], &byte, 1) != 1) break;
        }
        _exit(0);
    }
    char byte = 'x';
    for (int i = 0; i < 100; i++) {
        if (write(out[1], &byte, 1) != 1) return 1;
        watch(back[0], host);
        if (read(back[0], &byte, 1) != 1) return 1;
    }
    double total = 0;
    for (int i = 0; i < trips; i++) {
        if (pause_us) usleep(pause_us);
        double t0 = now_ns();
        if (write(out[1], &byte, 1) != 1) return 1;
        watch(back[0], host);
        if (read(back[0], &byte, 1) != 1) return 1;
        total += now_ns() - t0;
    }
    double start = 0, end = total; /* the round trips alone, without the pauses */
    printf("host watches %s us, worker watches %s us, pause %d us: %.1f us per round trip\n", argv[1], argv[2],
           pause_us, (end - start) / trips / 1000);
    fflush(stdout);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
