/* commit-writer: a libnfs (NFSv3) client for the cache crash test.
 *
 *   commit-writer write  URL PATH SEED CHUNK COMMIT_EVERY MAX_BYTES
 *       create PATH (truncating), then write CHUNK-byte pieces in order with
 *       UNSTABLE WRITEs; after every COMMIT_EVERY pieces send COMMIT and, once it
 *       returned, print "acked N" (N = bytes covered by that COMMIT) and flush.
 *       Stops at MAX_BYTES or at the first error (exit 1; the server was killed).
 *   commit-writer verify URL PATH SEED BYTES
 *       read the first BYTES bytes of PATH and compare them with the pattern;
 *       prints "ok size=S" or "MISMATCH at offset O" / "SHORT size=S" (exit 1).
 *
 * Byte i of the pattern is a function of SEED and i only, so a reader knows what
 * any acknowledged prefix must hold. Exit 2 on usage errors.
 * Build: cc -O2 -Wall -o commit-writer commit-writer.c -lnfs
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <nfsc/libnfs.h>

static uint8_t pattern(uint64_t seed, uint64_t i) {
    uint64_t x = (i / 8) * 0x9E3779B97F4A7C15ull ^ seed;
    x ^= x >> 31; x *= 0xBF58476D1CE4E5B9ull; x ^= x >> 29;
    return (uint8_t)(x >> ((i % 8) * 8));
}

static struct nfs_context *connect_url(const char *urlstr) {
    struct nfs_context *nfs = nfs_init_context();
    if (!nfs) { fprintf(stderr, "nfs_init_context failed\n"); exit(1); }
    nfs_set_timeout(nfs, 20000);
    nfs_set_autoreconnect(nfs, 0);
    struct nfs_url *url = nfs_parse_url_dir(nfs, urlstr);
    if (!url) { fprintf(stderr, "bad url %s: %s\n", urlstr, nfs_get_error(nfs)); exit(2); }
    if (nfs_mount(nfs, url->server, url->path) != 0) {
        fprintf(stderr, "mount failed: %s\n", nfs_get_error(nfs));
        exit(1);
    }
    nfs_destroy_url(url);
    return nfs;
}

static int cmd_write(const char *u, const char *path, uint64_t seed, size_t chunk, int every, uint64_t max) {
    struct nfs_context *nfs = connect_url(u);
    struct nfsfh *fh;
    struct nfs_stat_64 st;
    int r = nfs_stat64(nfs, path, &st) == 0 ? nfs_open(nfs, path, O_WRONLY | O_TRUNC, &fh)
                                             : nfs_creat(nfs, path, 0644, &fh);
    if (r != 0) { fprintf(stderr, "open %s: %s\n", path, nfs_get_error(nfs)); return 1; }
    uint8_t *buf = malloc(chunk);
    uint64_t off = 0;
    int pieces = 0;
    while (off < max) {
        size_t n = chunk;
        if (off + n > max) n = (size_t)(max - off);
        for (size_t i = 0; i < n; i++) buf[i] = pattern(seed, off + i);
        size_t done = 0;
        while (done < n) {
            int w = nfs_pwrite(nfs, fh, off + done, n - done, buf + done);
            if (w <= 0) { fprintf(stderr, "write at %" PRIu64 ": %s\n", off + done, nfs_get_error(nfs)); return 1; }
            done += (size_t)w;
        }
        off += n;
        if (++pieces % every == 0 || off == max) {
            if (nfs_fsync(nfs, fh) != 0) { fprintf(stderr, "commit: %s\n", nfs_get_error(nfs)); return 1; }
            printf("acked %" PRIu64 "\n", off);
            fflush(stdout);
        }
    }
    nfs_close(nfs, fh);
    nfs_destroy_context(nfs);
    return 0;
}

static int cmd_verify(const char *u, const char *path, uint64_t seed, uint64_t bytes) {
    struct nfs_context *nfs = connect_url(u);
    struct nfs_stat_64 st;
    if (nfs_stat64(nfs, path, &st) != 0) {
        if (bytes == 0) { printf("ok size=absent\n"); return 0; }
        fprintf(stderr, "stat %s: %s\n", path, nfs_get_error(nfs));
        return 1;
    }
    if (st.nfs_size < bytes) { printf("SHORT size=%" PRIu64 " acked=%" PRIu64 "\n", (uint64_t)st.nfs_size, bytes); return 1; }
    struct nfsfh *fh;
    if (nfs_open(nfs, path, O_RDONLY, &fh) != 0) { fprintf(stderr, "open: %s\n", nfs_get_error(nfs)); return 1; }
    size_t chunk = 1 << 20;
    uint8_t *buf = malloc(chunk);
    uint64_t off = 0;
    while (off < bytes) {
        size_t n = chunk;
        if (off + n > bytes) n = (size_t)(bytes - off);
        int got = nfs_pread(nfs, fh, off, n, buf);
        if (got <= 0) { fprintf(stderr, "read at %" PRIu64 ": %s\n", off, nfs_get_error(nfs)); return 1; }
        for (int i = 0; i < got; i++) {
            if (buf[i] != pattern(seed, off + (uint64_t)i)) {
                printf("MISMATCH at offset %" PRIu64 " (acked %" PRIu64 ")\n", off + (uint64_t)i, bytes);
                return 1;
            }
        }
        off += (uint64_t)got;
    }
    printf("ok size=%" PRIu64 "\n", (uint64_t)st.nfs_size);
    nfs_close(nfs, fh);
    nfs_destroy_context(nfs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 8 && !strcmp(argv[1], "write"))
        return cmd_write(argv[2], argv[3], strtoull(argv[4], 0, 10), (size_t)strtoull(argv[5], 0, 10),
                         atoi(argv[6]) > 0 ? atoi(argv[6]) : 1, strtoull(argv[7], 0, 10));
    if (argc == 6 && !strcmp(argv[1], "verify"))
        return cmd_verify(argv[2], argv[3], strtoull(argv[4], 0, 10), strtoull(argv[5], 0, 10));
    fprintf(stderr, "usage: commit-writer write URL PATH SEED CHUNK COMMIT_EVERY MAX_BYTES\n"
                    "       | verify URL PATH SEED BYTES\n");
    return 2;
}
