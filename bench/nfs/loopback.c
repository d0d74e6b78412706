/* loopback: plain TCP baselines on 127.0.0.1 for bench/nfs/run.sh (the ceiling any NFS
 * server on this machine can reach over one loopback connection).
 *
 *   loopback stream SECONDS   one connection, 1 MiB send()s into a reader that discards -> MiB/s
 *   loopback rr COUNT         request/response ping-pong, 128-byte request, 128-byte reply,
 *                             one in flight -> µs per round trip
 *
 * The peer runs in a forked child on an ephemeral 127.0.0.1 port and exits with the parent's
 * connection.  Output like nfsbench: "RESULT workload=... mib_s=... lat_avg_us=..." on stdout.
 * Build: cc -O2 -Wall -o loopback loopback.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
static int full(int fd, char *b, size_t n, int rd) {
    size_t d = 0;
    while (d < n) {
        ssize_t r = rd ? read(fd, b + d, n - d) : write(fd, b + d, n - d);
        if (r <= 0) return -1;
        d += (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "stream") && strcmp(argv[1], "rr"))) {
        fprintf(stderr, "usage: loopback stream SECONDS | rr COUNT\n"); return 2;
    }
    int stream = !strcmp(argv[1], "stream");
    double arg = atof(argv[2]);
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1) || getsockname(ls, (struct sockaddr *)&a, &al)) {
        perror("listen"); return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {                                  /* peer: sink or echo */
        alarm(stream ? (unsigned)arg + 30 : 300);    /* never outlive a stuck parent */
        int c = accept(ls, NULL, NULL);
        if (c < 0) _exit(1);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        static char buf[1 << 20];
        if (stream) { while (read(c, buf, sizeof buf) > 0) {} }
        else { while (full(c, buf, 128, 1) == 0 && full(c, buf, 128, 0) == 0) {} }
        _exit(0);
    }
    close(ls);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(s, (struct sockaddr *)&a, sizeof a)) { perror("connect"); kill(pid, SIGKILL); return 1; }
    static char buf[1 << 20];
    memset(buf, 0x5a, sizeof buf);
    int rc = 0;
    if (stream) {
        double t0 = now(), t; long long bytes = 0;
        while ((t = now()) - t0 < arg) {
            if (full(s, buf, sizeof buf, 0)) { rc = 1; break; }
            bytes += sizeof buf;
        }
        shutdown(s, SHUT_WR);
        double secs = now() - t0;
        fprintf(stderr, "loopback stream: %.1f MiB/s over %.1f s\n", bytes / 1048576.0 / secs, secs);
        printf("RESULT workload=tcp-stream secs=%.3f mib_s=%.1f\n", secs, bytes / 1048576.0 / secs);
    } else {
        long n = (long)arg;
        double t0 = now();
        for (long i = 0; i < n; i++)
            if (full(s, buf, 128, 0) || full(s, buf, 128, 1)) { rc = 1; break; }
        double secs = now() - t0;
        fprintf(stderr, "loopback rr: %.1f us per round trip (%ld)\n", secs / n * 1e6, n);
        printf("RESULT workload=tcp-rr n=%ld secs=%.3f ops_s=%.0f lat_avg_us=%.1f\n", n, secs, n / secs, secs / n * 1e6);
    }
    close(s);
    int st; waitpid(pid, &st, 0);
    return rc;
}
