/* nfs-it: small libnfs (NFSv3) client for the integration tests.
 *
 *   nfs-it mkfiles URL DIR COUNT [INFLIGHT]   create DIR (if missing) and DIR/f000000.. (async, INFLIGHT creates in flight)
 *   nfs-it rmfiles URL DIR COUNT [INFLIGHT]   remove them again (async)
 *   nfs-it count   URL DIR                    number of entries in DIR (without . and ..)
 *   nfs-it stat    URL PATH                   one line: type mode nlink uid gid size mtime ino
 *   nfs-it ping    URL                        mount + GETATTR of the root; "ok" when the server answers
 *   nfs-it put     URL PATH LOCALFILE         write LOCALFILE to PATH (open O_TRUNC when it exists, else create)
 *   nfs-it truncate URL PATH SIZE             set the size of PATH (SETATTR)
 *
 * URL is the export root with libnfs arguments, e.g.
 *   nfs://127.0.0.1/export?version=3&nfsport=12049&mountport=12049
 * DIR and PATH are inside the export ("/dir" or "dir").  Exit 0 on success, 1 on an NFS
 * error (message on stderr), 2 on usage errors, 3 on a timeout (TIMEOUT_S env, default 120).
 * (Debian 12's libnfs-utils 4.0 has no nfs-stat; `nfs-it stat` stands in for it.)
 * Build: cc -O2 -Wall -o nfs-it nfs-it.c -lnfs
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

static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
static double deadline;

static struct nfs_context *connect_url(const char *urlstr) {
    struct nfs_context *nfs = nfs_init_context();
    if (!nfs) { fprintf(stderr, "nfs_init_context failed\n"); exit(1); }
    nfs_set_timeout(nfs, (int)(atof(getenv("TIMEOUT_S") ? getenv("TIMEOUT_S") : "120") * 1000));
    nfs_set_autoreconnect(nfs, 0);
    struct nfs_url *url = nfs_parse_url_dir(nfs, urlstr);
    if (!url) { fprintf(stderr, "bad url %s: %s\n", urlstr, nfs_get_error(nfs)); exit(2); }
    if (nfs_mount(nfs, url->server, url->path) != 0) {
        fprintf(stderr, "mount %s:%s failed: %s\n", url->server, url->path, nfs_get_error(nfs));
        exit(1);
    }
    nfs_destroy_url(url);
    return nfs;
}

static void mkpath(char *buf, size_t n, const char *dir, const char *name) {
    snprintf(buf, n, "%s%s%s%s", dir[0] == '/' ? "" : "/", dir, name ? "/" : "", name ? name : "");
}

/* ---- async event loop ---------------------------------------------------------- */
static int pending, failures;
static const char *first_error;

static int run_until(struct nfs_context *nfs, int (*done)(void)) {
    while (!done()) {
        struct pollfd pfd = { .fd = nfs_get_fd(nfs), .events = nfs_which_events(nfs) };
        int r = poll(&pfd, 1, 100);
        if (r < 0) { if (errno == EINTR) continue; perror("poll"); return -1; }
        if (nfs_service(nfs, r > 0 ? pfd.revents : 0) < 0) {
            fprintf(stderr, "nfs_service: %s\n", nfs_get_error(nfs)); return -1;
        }
        if (now() > deadline) { fprintf(stderr, "timeout with %d requests in flight\n", pending); exit(3); }
    }
    return 0;
}

/* ---- mkfiles / rmfiles ------------------------------------------------------------ */
static int next_index, total_count, completed;
static const char *g_dir;
static int mode_rm;

static void issue(struct nfs_context *nfs);

static void close_cb(int err, struct nfs_context *nfs, void *data, void *priv) {
    (void)data; (void)priv;
    if (err < 0) { failures++; if (!first_error) first_error = strdup(nfs_get_error(nfs)); }
    pending--; completed++;
    issue(nfs);
}
static void create_cb(int err, struct nfs_context *nfs, void *data, void *priv) {
    (void)priv;
    if (err < 0) {
        failures++; if (!first_error) first_error = strdup(nfs_get_error(nfs));
        pending--; completed++; issue(nfs); return;
    }
    if (nfs_close_async(nfs, (struct nfsfh *)data, close_cb, NULL) != 0) {
        failures++; pending--; completed++; issue(nfs);
    }
}
static void unlink_cb(int err, struct nfs_context *nfs, void *data, void *priv) {
    (void)data; (void)priv;
    if (err < 0) { failures++; if (!first_error) first_error = strdup(nfs_get_error(nfs)); }
    pending--; completed++;
    issue(nfs);
}
static void issue(struct nfs_context *nfs) {
    /* one new request per call: the initial loop opens the window, each completion refills it */
    while (next_index < total_count) {
        char name[32], path[4096];
        snprintf(name, sizeof name, "f%06d", next_index);
        mkpath(path, sizeof path, g_dir, name);
        int r = mode_rm ? nfs_unlink_async(nfs, path, unlink_cb, NULL)
                        : nfs_creat_async(nfs, path, 0644, create_cb, NULL);
        next_index++;
        if (r != 0) { failures++; completed++; if (!first_error) first_error = strdup(nfs_get_error(nfs)); continue; }
        pending++;
        return;
    }
}
static int all_done(void) { return completed >= total_count && pending == 0; }

static int cmd_files(int rm, const char *url, const char *dir, int count, int inflight) {
    struct nfs_context *nfs = connect_url(url);
    char path[4096];
    mkpath(path, sizeof path, dir, NULL);
    if (!rm) {
        struct nfs_stat_64 st;
        if (nfs_stat64(nfs, path, &st) != 0 && nfs_mkdir(nfs, path) != 0) {
            fprintf(stderr, "mkdir %s: %s\n", path, nfs_get_error(nfs)); return 1;
        }
    }
    g_dir = dir; mode_rm = rm; total_count = count;
    double t0 = now();
    for (int i = 0; i < inflight && next_index < total_count; i++) issue(nfs);
    if (run_until(nfs, all_done) != 0) return 1;
    double dt = now() - t0;
    printf("%s %d files in %s: %.2f s, %.0f files/s, %d failed\n", rm ? "removed" : "created",
           count, path, dt, count / (dt > 0 ? dt : 1e-9), failures);
    if (failures) fprintf(stderr, "first error: %s\n", first_error ? first_error : "?");
    nfs_destroy_context(nfs);
    return failures ? 1 : 0;
}

static int cmd_count(const char *url, const char *dir) {
    struct nfs_context *nfs = connect_url(url);
    char path[4096]; struct nfsdir *d; struct nfsdirent *e; long n = 0;
    mkpath(path, sizeof path, dir, NULL);
    double t0 = now();
    if (nfs_opendir(nfs, path, &d) != 0) { fprintf(stderr, "opendir %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    while ((e = nfs_readdir(nfs, d)) != NULL)
        if (strcmp(e->name, ".") && strcmp(e->name, "..")) n++;
    nfs_closedir(nfs, d);
    fprintf(stderr, "readdir %s: %ld entries in %.3f s\n", path, n, now() - t0);
    printf("%ld\n", n);
    nfs_destroy_context(nfs);
    return 0;
}

static const char *ftype(uint64_t mode) {
    switch (mode & S_IFMT) {
    case S_IFREG: return "file"; case S_IFDIR: return "dir"; case S_IFLNK: return "symlink";
    case S_IFCHR: return "chr"; case S_IFBLK: return "blk"; case S_IFIFO: return "fifo";
    case S_IFSOCK: return "sock"; default: return "?";
    }
}
static int cmd_stat(const char *url, const char *p) {
    struct nfs_context *nfs = connect_url(url);
    char path[4096]; struct nfs_stat_64 st;
    mkpath(path, sizeof path, p, NULL);
    if (nfs_lstat64(nfs, path, &st) != 0) { fprintf(stderr, "stat %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    printf("type=%s mode=%04" PRIo64 " nlink=%" PRIu64 " uid=%" PRIu64 " gid=%" PRIu64
           " size=%" PRIu64 " mtime=%" PRIu64 " ino=%" PRIu64 "\n",
           ftype(st.nfs_mode), st.nfs_mode & 07777, st.nfs_nlink, st.nfs_uid, st.nfs_gid,
           st.nfs_size, st.nfs_mtime, st.nfs_ino);
    nfs_destroy_context(nfs);
    return 0;
}
static int cmd_ping(const char *url) {
    struct nfs_context *nfs = connect_url(url);
    struct nfs_stat_64 st;
    if (nfs_stat64(nfs, "/", &st) != 0) { fprintf(stderr, "getattr /: %s\n", nfs_get_error(nfs)); return 1; }
    printf("ok root type=%s\n", ftype(st.nfs_mode));
    nfs_destroy_context(nfs);
    return 0;
}

static int cmd_put(const char *url, const char *p, const char *local) {
    struct nfs_context *nfs = connect_url(url);
    char path[4096]; struct nfsfh *fh; struct nfs_stat_64 st;
    mkpath(path, sizeof path, p, NULL);
    FILE *f = fopen(local, "rb");
    if (!f) { perror(local); return 2; }
    int r = nfs_stat64(nfs, path, &st) == 0 ? nfs_open(nfs, path, O_WRONLY | O_TRUNC, &fh)
                                             : nfs_creat(nfs, path, 0644, &fh);
    if (r != 0) { fprintf(stderr, "open/create %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    static char buf[1 << 20]; size_t n; uint64_t off = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t done = 0;
        while (done < n) {
            int w = nfs_pwrite(nfs, fh, off + done, n - done, buf + done);
            if (w <= 0) { fprintf(stderr, "write %s at %" PRIu64 ": %s\n", path, off + done, nfs_get_error(nfs)); return 1; }
            done += (size_t)w;
        }
        off += n;
    }
    fclose(f);
    if (nfs_fsync(nfs, fh) != 0) { fprintf(stderr, "fsync %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    if (nfs_close(nfs, fh) != 0) { fprintf(stderr, "close %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    printf("wrote %" PRIu64 " bytes to %s\n", off, path);
    nfs_destroy_context(nfs);
    return 0;
}
static int cmd_truncate(const char *url, const char *p, uint64_t size) {
    struct nfs_context *nfs = connect_url(url);
    char path[4096];
    mkpath(path, sizeof path, p, NULL);
    if (nfs_truncate(nfs, path, size) != 0) { fprintf(stderr, "truncate %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    nfs_destroy_context(nfs);
    return 0;
}

int main(int argc, char **argv) {
    deadline = now() + atof(getenv("TIMEOUT_S") ? getenv("TIMEOUT_S") : "120");
    if (argc >= 5 && (!strcmp(argv[1], "mkfiles") || !strcmp(argv[1], "rmfiles")))
        return cmd_files(!strcmp(argv[1], "rmfiles"), argv[2], argv[3], atoi(argv[4]), argc > 5 ? atoi(argv[5]) : 32);
    if (argc == 4 && !strcmp(argv[1], "count")) return cmd_count(argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "stat")) return cmd_stat(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "ping")) return cmd_ping(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "put")) return cmd_put(argv[2], argv[3], argv[4]);
    if (argc == 5 && !strcmp(argv[1], "truncate")) return cmd_truncate(argv[2], argv[3], strtoull(argv[4], NULL, 0));
    fprintf(stderr, "usage: nfs-it mkfiles|rmfiles URL DIR COUNT [INFLIGHT] | count URL DIR | stat URL PATH | ping URL\n"
                    "       | put URL PATH LOCALFILE | truncate URL PATH SIZE\n");
    return 2;
}
