/* nfsbench: NFSv3 benchmark client on libnfs's ASYNC API.
 *
 * One TCP connection (one libnfs context), N requests kept in flight with an event loop on
 * nfs_get_fd / nfs_which_events / poll / nfs_service.  No client-side caching (libnfs page
 * cache and readahead off), so every request reaches the server.
 *
 *   nfsbench URL WORKLOAD [SIZE_OR_COUNT] [DEPTH]
 *
 *   URL        export root, e.g. nfs://127.0.0.1/export?version=3&nfsport=12049&mountport=12049
 *   seqwrite   SIZE MiB (1024)  DEPTH (8):  write /nfsbench.dat sequentially in 1 MiB WRITEs
 *              (UNSTABLE) + final COMMIT, timed end to end -> MiB/s
 *   seqread    SIZE MiB (1024)  DEPTH (8):  read /nfsbench.dat sequentially in 1 MiB READs -> MiB/s
 *   randread   COUNT (20000)    DEPTH (16): 4 KiB READs at random 4 KiB-aligned offsets of
 *              /nfsbench.dat (must exist: run seqwrite first) -> IOPS, latency
 *   smallfile  COUNT (2000)     DEPTH (16): per file create + close + stat + remove in
 *              /nfsbench.d (each file's 3 RPCs are sequential; DEPTH files in flight) -> files/s
 *   getattr    COUNT (20000)    DEPTH (1):  GETATTR on an open handle -> µs per op, ops/s
 *   cleanup                                 remove /nfsbench.dat, /nfsbench.attr, /nfsbench.d
 *
 * Output: human line on stderr, and one machine-readable line on stdout:
 *   RESULT workload=... n=... depth=... secs=... mib_s=... ops_s=... lat_avg_us=... lat_p50_us=... lat_p99_us=...
 * Exit: 0 ok, 1 NFS error, 2 usage, 3 timeout (TIMEOUT_S env, default 600).
 * Build: cc -O2 -Wall -o nfsbench nfsbench.c -lnfs
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <nfsc/libnfs.h>

#define MiB (1024 * 1024)
static const char *DATA = "/nfsbench.dat", *ATTR = "/nfsbench.attr", *DIRP = "/nfsbench.d";

static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
static double deadline;
static struct nfs_context *nfs;
static int inflight, errors;
static char *first_error;

static void fail_once(const char *what, int err, void *data) {
    errors++;
    if (!first_error) {
        char b[512];
        snprintf(b, sizeof b, "%s: %s (%d)", what, data ? (char *)data : nfs_get_error(nfs), err);
        first_error = strdup(b);
    }
}

static int loop_until(int (*done)(void)) {
    while (!done()) {
        struct pollfd pfd = { .fd = nfs_get_fd(nfs), .events = nfs_which_events(nfs) };
        int r = poll(&pfd, 1, 100);
        if (r < 0) { if (errno == EINTR) continue; perror("poll"); return -1; }
        if (nfs_service(nfs, r > 0 ? pfd.revents : 0) < 0) {
            fprintf(stderr, "nfs_service: %s\n", nfs_get_error(nfs)); return -1;
        }
        if (errors) return -1;
        if (now() > deadline) { fprintf(stderr, "timeout, %d requests in flight\n", inflight); exit(3); }
    }
    return 0;
}

/* ---- latency bookkeeping ------------------------------------------------------ */
static double *lat; static long nlat;
static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y;
}
static void report(const char *wl, long n, int depth, double secs, double bytes) {
    double avg = 0, p50 = 0, p99 = 0;
    if (nlat) {
        for (long i = 0; i < nlat; i++) avg += lat[i];
        avg /= nlat;
        qsort(lat, nlat, sizeof *lat, cmpd);
        p50 = lat[nlat / 2]; p99 = lat[(long)(nlat * 0.99) < nlat ? (long)(nlat * 0.99) : nlat - 1];
    }
    double mibs = bytes / MiB / secs, ops = n / secs;
    fprintf(stderr, "%s: n=%ld depth=%d %.3f s  %.1f MiB/s  %.0f ops/s  lat avg %.1f us p50 %.1f p99 %.1f\n",
            wl, n, depth, secs, mibs, ops, avg * 1e6, p50 * 1e6, p99 * 1e6);
    printf("RESULT workload=%s n=%ld depth=%d secs=%.4f mib_s=%.2f ops_s=%.1f lat_avg_us=%.1f lat_p50_us=%.1f lat_p99_us=%.1f\n",
           wl, n, depth, secs, mibs, ops, avg * 1e6, p50 * 1e6, p99 * 1e6);
}

/* ---- sequential / random I/O ---------------------------------------------------- */
static struct nfsfh *fh;
static uint64_t io_next, io_total, io_done_n, io_size, file_size;
static long io_count;
static int is_write, is_random;
static char *wbuf;
static uint64_t rng = 88172645463325252ULL;
static uint64_t xrand(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

struct req { double t0; uint64_t off; };
static struct req *reqs; static int nreq_free; static int *free_slots;

static void issue_io(void);
static void io_cb(int err, struct nfs_context *n, void *data, void *priv) {
    (void)n;
    int slot = (int)(intptr_t)priv;
    inflight--;
    if (err < 0 || (uint64_t)err != io_size) {
        char b[64]; snprintf(b, sizeof b, "%s at %" PRIu64 " returned %d", is_write ? "write" : "read", reqs[slot].off, err);
        fail_once(b, err, err < 0 ? data : NULL); return;
    }
    if (nlat < io_count) lat[nlat++] = now() - reqs[slot].t0;
    io_done_n++;
    free_slots[nreq_free++] = slot;
    issue_io();
}
static void issue_io(void) {
    while (nreq_free > 0 && io_next < io_total) {
        int slot = free_slots[--nreq_free];
        uint64_t off = is_random ? (xrand() % (file_size / io_size)) * io_size : io_next * io_size;
        reqs[slot].t0 = now(); reqs[slot].off = off;
        int r = is_write ? nfs_pwrite_async(nfs, fh, off, io_size, wbuf, io_cb, (void *)(intptr_t)slot)
                         : nfs_pread_async(nfs, fh, off, io_size, io_cb, (void *)(intptr_t)slot);
        if (r != 0) { fail_once("queue io", r, NULL); return; }
        io_next++; inflight++;
    }
}
static int io_done(void) { return io_done_n >= io_total && inflight == 0; }
static int fsync_done_flag;
static void fsync_cb(int err, struct nfs_context *n, void *data, void *priv) {
    (void)n; (void)priv; inflight--; fsync_done_flag = 1;
    if (err < 0) fail_once("commit", err, data);
}
static int fsync_done(void) { return fsync_done_flag; }

static void setup_slots(int depth) {
    reqs = calloc(depth, sizeof *reqs); free_slots = calloc(depth, sizeof *free_slots);
    for (int i = 0; i < depth; i++) free_slots[nreq_free++] = depth - 1 - i;
}

static int run_seq(int write, uint64_t size_mib, int depth) {
    io_size = MiB; io_total = size_mib; is_write = write; is_random = 0; io_count = (long)io_total;
    lat = calloc(io_count + 1, sizeof *lat);
    setup_slots(depth);
    if (write) {
        wbuf = malloc(MiB);
        for (size_t i = 0; i < MiB / 8; i++) ((uint64_t *)wbuf)[i] = xrand();   /* incompressible */
        if (nfs_open(nfs, DATA, O_WRONLY, &fh) != 0 && nfs_creat(nfs, DATA, 0644, &fh) != 0) {
            fprintf(stderr, "create %s: %s\n", DATA, nfs_get_error(nfs)); return 1;
        }
        if (nfs_ftruncate(nfs, fh, 0) != 0) { fprintf(stderr, "truncate: %s\n", nfs_get_error(nfs)); return 1; }
    } else {
        struct nfs_stat_64 st;
        if (nfs_open(nfs, DATA, O_RDONLY, &fh) != 0 || nfs_fstat64(nfs, fh, &st) != 0) {
            fprintf(stderr, "open %s: %s (run seqwrite first)\n", DATA, nfs_get_error(nfs)); return 1;
        }
        if (st.nfs_size < size_mib * MiB) { fprintf(stderr, "%s has %" PRIu64 " bytes < %" PRIu64 " MiB\n", DATA, st.nfs_size, size_mib); return 1; }
    }
    double t0 = now();
    issue_io();
    if (loop_until(io_done) != 0) goto err;
    if (write) {
        if (nfs_fsync_async(nfs, fh, fsync_cb, NULL) != 0) { fail_once("queue commit", -1, NULL); goto err; }
        inflight++;
        if (loop_until(fsync_done) != 0) goto err;
    }
    double secs = now() - t0;
    report(write ? "seqwrite" : "seqread", (long)io_total, depth, secs, (double)io_total * MiB);
    nfs_close(nfs, fh);
    return 0;
err:
    fprintf(stderr, "error: %s\n", first_error ? first_error : nfs_get_error(nfs));
    return 1;
}

static int run_randread(long count, int depth) {
    struct nfs_stat_64 st;
    if (nfs_open(nfs, DATA, O_RDONLY, &fh) != 0 || nfs_fstat64(nfs, fh, &st) != 0) {
        fprintf(stderr, "open %s: %s (run seqwrite first)\n", DATA, nfs_get_error(nfs)); return 1;
    }
    io_size = 4096; file_size = st.nfs_size; is_write = 0; is_random = 1;
    if (file_size < io_size) { fprintf(stderr, "%s is empty\n", DATA); return 1; }
    io_total = (uint64_t)count; io_count = count;
    lat = calloc(count + 1, sizeof *lat);
    setup_slots(depth);
    double t0 = now();
    issue_io();
    if (loop_until(io_done) != 0) { fprintf(stderr, "error: %s\n", first_error); return 1; }
    double secs = now() - t0;
    report("randread4k", count, depth, secs, (double)count * io_size);
    nfs_close(nfs, fh);
    return 0;
}

/* ---- small files: create + close + stat + remove ----------------------------------- */
struct sf { int idx; int stage; double t0; char path[128]; };
static struct sf *sfs; static long sf_next, sf_total, sf_done;
static void sf_start(struct sf *s);
static void sf_step(int err, struct nfs_context *n, void *data, void *priv) {
    (void)n;
    struct sf *s = priv;
    inflight--;
    static const char *names[] = { "create", "close", "stat", "remove" };
    if (err < 0) { char b[200]; snprintf(b, sizeof b, "%s %s", names[s->stage], s->path); fail_once(b, err, data); return; }
    int r = 0;
    switch (s->stage++) {
    case 0: r = nfs_close_async(nfs, (struct nfsfh *)data, sf_step, s); break;
    case 1: r = nfs_stat64_async(nfs, s->path, sf_step, s); break;
    case 2: r = nfs_unlink_async(nfs, s->path, sf_step, s); break;
    case 3: if (nlat < sf_total) lat[nlat++] = now() - s->t0;
            sf_done++; sf_start(s); return;
    }
    if (r != 0) { fail_once("queue", r, NULL); return; }
    inflight++;
}
static void sf_start(struct sf *s) {
    if (sf_next >= sf_total) return;
    s->idx = (int)sf_next++; s->stage = 0; s->t0 = now();
    snprintf(s->path, sizeof s->path, "%s/f%07d", DIRP, s->idx);
    if (nfs_creat_async(nfs, s->path, 0644, sf_step, s) != 0) { fail_once("queue create", -1, NULL); return; }
    inflight++;
}
static int sf_alldone(void) { return sf_done >= sf_total && inflight == 0; }
static int run_smallfile(long count, int depth) {
    struct nfs_stat_64 st;
    if (nfs_stat64(nfs, DIRP, &st) != 0 && nfs_mkdir(nfs, DIRP) != 0) {
        fprintf(stderr, "mkdir %s: %s\n", DIRP, nfs_get_error(nfs)); return 1;
    }
    sf_total = count; lat = calloc(count + 1, sizeof *lat);
    sfs = calloc(depth, sizeof *sfs);
    double t0 = now();
    for (int i = 0; i < depth; i++) sf_start(&sfs[i]);
    if (loop_until(sf_alldone) != 0) { fprintf(stderr, "error: %s\n", first_error); return 1; }
    double secs = now() - t0;
    report("smallfile", count, depth, secs, 0);
    nfs_rmdir(nfs, DIRP);
    return 0;
}

/* ---- GETATTR round trips ----------------------------------------------------------- */
static long ga_next, ga_total, ga_done;
static double *ga_t0;
static void ga_issue(int slot);
static void ga_cb(int err, struct nfs_context *n, void *data, void *priv) {
    (void)n;
    int slot = (int)(intptr_t)priv;
    inflight--;
    if (err < 0) { fail_once("getattr", err, data); return; }
    if (nlat < ga_total) lat[nlat++] = now() - ga_t0[slot];
    ga_done++;
    ga_issue(slot);
}
static void ga_issue(int slot) {
    if (ga_next >= ga_total) return;
    ga_next++; ga_t0[slot] = now();
    if (nfs_fstat64_async(nfs, fh, ga_cb, (void *)(intptr_t)slot) != 0) { fail_once("queue getattr", -1, NULL); return; }
    inflight++;
}
static int ga_alldone(void) { return ga_done >= ga_total && inflight == 0; }
static int run_getattr(long count, int depth) {
    if (nfs_open(nfs, ATTR, O_RDONLY, &fh) != 0) {
        if (nfs_creat(nfs, ATTR, 0644, &fh) != 0) { fprintf(stderr, "create %s: %s\n", ATTR, nfs_get_error(nfs)); return 1; }
    }
    ga_total = count; lat = calloc(count + 1, sizeof *lat); ga_t0 = calloc(depth, sizeof *ga_t0);
    double t0 = now();
    for (int i = 0; i < depth; i++) ga_issue(i);
    if (loop_until(ga_alldone) != 0) { fprintf(stderr, "error: %s\n", first_error); return 1; }
    double secs = now() - t0;
    report("getattr", count, depth, secs, 0);
    nfs_close(nfs, fh);
    return 0;
}

static int run_cleanup(void) {
    struct nfs_stat_64 st;
    if (nfs_stat64(nfs, DATA, &st) == 0) nfs_unlink(nfs, DATA);
    if (nfs_stat64(nfs, ATTR, &st) == 0) nfs_unlink(nfs, ATTR);
    if (nfs_stat64(nfs, DIRP, &st) == 0) {
        struct nfsdir *d; struct nfsdirent *e; char p[512];
        if (nfs_opendir(nfs, DIRP, &d) == 0) {
            while ((e = nfs_readdir(nfs, d)) != NULL) {
                if (!strcmp(e->name, ".") || !strcmp(e->name, "..")) continue;
                snprintf(p, sizeof p, "%s/%s", DIRP, e->name); nfs_unlink(nfs, p);
            }
            nfs_closedir(nfs, d);
        }
        nfs_rmdir(nfs, DIRP);
    }
    printf("RESULT workload=cleanup\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: nfsbench URL seqwrite|seqread [MiB] [depth] | randread|smallfile|getattr [count] [depth] | cleanup\n");
        return 2;
    }
    const char *url = argv[1], *wl = argv[2];
    long n = argc > 3 ? atol(argv[3]) : 0;
    int depth = argc > 4 ? atoi(argv[4]) : 0;
    deadline = now() + atof(getenv("TIMEOUT_S") ? getenv("TIMEOUT_S") : "600");

    nfs = nfs_init_context();
    if (!nfs) { fprintf(stderr, "nfs_init_context failed\n"); return 1; }
    nfs_set_pagecache(nfs, 0);
    nfs_set_readahead(nfs, 0);
    nfs_set_autoreconnect(nfs, 0);
    nfs_set_timeout(nfs, 60000);
    struct nfs_url *u = nfs_parse_url_dir(nfs, url);
    if (!u) { fprintf(stderr, "bad url %s: %s\n", url, nfs_get_error(nfs)); return 2; }
    if (nfs_mount(nfs, u->server, u->path) != 0) {
        fprintf(stderr, "mount %s:%s: %s\n", u->server, u->path, nfs_get_error(nfs)); return 1;
    }
    fprintf(stderr, "mounted %s:%s (server rtmax %" PRIu64 " wtmax %" PRIu64 ")\n", u->server, u->path,
            nfs_get_readmax(nfs), nfs_get_writemax(nfs));
    nfs_destroy_url(u);

    int rc;
    if (!strcmp(wl, "seqwrite")) rc = run_seq(1, n ? n : 1024, depth ? depth : 8);
    else if (!strcmp(wl, "seqread")) rc = run_seq(0, n ? n : 1024, depth ? depth : 8);
    else if (!strcmp(wl, "randread")) rc = run_randread(n ? n : 20000, depth ? depth : 16);
    else if (!strcmp(wl, "smallfile")) rc = run_smallfile(n ? n : 2000, depth ? depth : 16);
    else if (!strcmp(wl, "getattr")) rc = run_getattr(n ? n : 20000, depth ? depth : 1);
    else if (!strcmp(wl, "cleanup")) rc = run_cleanup();
    else { fprintf(stderr, "unknown workload %s\n", wl); rc = 2; }
    nfs_destroy_context(nfs);
    return rc;
}
