/*
 * memstore.h — internal declarations shared by the c-memstore sources.
 * Nothing here is exported: the library is built with -fvisibility=hidden and
 * only dfs_plugin_entry (memstore.c) is marked visible.
 */
#ifndef C_MEMSTORE_H
#define C_MEMSTORE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dfs_abi.h"

#define MS_NAME "c-memstore"

/* Longest internal key: 'k' + a kv key of DFS_KV_KEY_MAX bytes. */
#define MS_KEY_MAX (1u + DFS_KV_KEY_MAX)

/* ---- errors ------------------------------------------------------------- */

/* dfs_error_set() writes err->code, err->message and err->message_cap; give it
 * `err` only when the caller's struct_size covers all three. When it covers
 * just `code`, set that alone. */
static inline dfs_error *ms_err_sink(dfs_error *err, dfs_status code) {
    if (err == NULL) return NULL;
    if (DFS_HAS_MEMBER(err, dfs_error, message_cap)) return err;
    if (DFS_HAS_MEMBER(err, dfs_error, code)) err->code = code;
    return NULL;
}
#define MS_ERR(err, code, ...) dfs_error_set(ms_err_sink((err), (code)), (code), __VA_ARGS__)

/* ---- configuration (config.c) ------------------------------------------- */

typedef struct ms_config {
    int has_max_inodes;
    uint64_t max_inodes;
} ms_config;

/* Parses the flat JSON object given to open(). NULL, "" or whitespace mean
 * defaults. Fails DFS_ERR_INVAL (naming the key when a key is at fault). */
dfs_status ms_parse_config(const char *json, ms_config *cfg, dfs_error *err);

/* ---- ordered byte-key map (map.c) ---------------------------------------- */

/* One version of a record. Versions of a committed record form a chain,
 * newest first; `dead` marks a tombstone. Immutable once published. */
typedef struct ms_ver {
    struct ms_ver *older;
    uint64_t version;   /* commit counter value that wrote it (0 while buffered) */
    uint32_t dead;
    uint32_t len;
    uint8_t data[];
} ms_ver;

/* A record: its key (stored inline) and its version chain. In a read set the
 * chain is empty. */
typedef struct ms_rec {
    ms_ver *head;
    uint32_t klen;
    uint8_t key[];
} ms_rec;

/* Sorted array of records, ordered by unsigned byte-wise key comparison. */
typedef struct ms_map {
    ms_rec **v;
    size_t n, cap;
} ms_map;

int ms_key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen);
/* Index of the first record whose key is >= key. */
size_t ms_map_lower(const ms_map *m, const uint8_t *key, uint32_t klen);
/* The record with exactly this key, or NULL; *pos (optional) gets the lower bound. */
ms_rec *ms_map_find(const ms_map *m, const uint8_t *key, uint32_t klen, size_t *pos);
/* Make room for `extra` more records. 0 on success, -1 when out of memory. */
int ms_map_reserve(ms_map *m, size_t extra);
/* Insert `r` at `pos` (a lower bound). 0 on success, -1 when out of memory. */
int ms_map_insert(ms_map *m, size_t pos, ms_rec *r);
/* Free every record, its chain and the array. */
void ms_map_clear(ms_map *m);

ms_rec *ms_rec_new(const uint8_t *key, uint32_t klen);
void ms_rec_free(ms_rec *r);
/* A version whose data is the concatenation a[0..alen) + b[0..blen). */
ms_ver *ms_ver_new(int dead, const void *a, size_t alen, const void *b, size_t blen);
void ms_ver_free_chain(ms_ver *v);

/* ---- store and transactions (txn.c) --------------------------------------- */

typedef struct ms_range {
    uint8_t *lo, *hi; /* [lo, hi) */
    uint32_t lolen, hilen;
} ms_range;

/* Opaque to the host; defined here for memstore.c and txn.c. */
struct dfs_meta_store {
    pthread_mutex_t mu;
    ms_map map;               /* committed records */
    uint64_t version;         /* commit counter */
    dfs_meta_txn *first;      /* active transactions in begin order: */
    dfs_meta_txn *last;       /*   their snapshots ascend */
    uint64_t live_inodes;
    size_t garbage, gc_next;  /* superseded versions + tombstones; sweep threshold */
    int has_max_inodes;
    uint64_t max_inodes;
    _Atomic uint64_t next_ino;
    _Atomic uint64_t next_cookie;
};

struct dfs_meta_txn {
    dfs_meta_store *st;
    dfs_meta_txn *prev, *next;
    uint64_t start; /* snapshot: the commit counter at begin */
    int readonly;
    int64_t inode_delta; /* inodes created minus deleted */
    ms_map buf;          /* buffered writes: one version each */
    ms_map reads;        /* keys read from committed data */
    ms_range *ranges;
    size_t nranges, cap_ranges;
};

static inline dfs_status ms_nomem(dfs_error *err) { return MS_ERR(err, DFS_ERR_NOMEM, MS_NAME ": out of memory"); }

static inline dfs_status ms_retry(dfs_error *err) {
    return MS_ERR(err, DFS_ERR_RETRY, MS_NAME ": conflict with a transaction that committed first; retry");
}

#define CHECK_TXN(t, err) \
    do { \
        if ((t) == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": NULL transaction"); \
    } while (0)

#define CHECK_WRITABLE(t, err) \
    do { \
        CHECK_TXN(t, err); \
        if ((t)->readonly) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": write in a read-only transaction"); \
    } while (0)

/* Reads key `k` as `t` sees it: *out is the live version (valid while `t` is
 * active and does not rewrite that key), or NULL when absent. Read-write
 * transactions get DFS_ERR_RETRY when the record changed after their snapshot. */
dfs_status ms_txn_read(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, const ms_ver **out, dfs_error *err);
/* Buffers a write of `v` (owned, freed on failure; NULL means out of memory). */
dfs_status ms_txn_write(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, ms_ver *v, dfs_error *err);
/* Buffers a tombstone. */
dfs_status ms_txn_delete(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, dfs_error *err);
/* Records [lo, hi) as read (validated at commit). 0, or -1 when out of memory. */
int ms_txn_add_range(dfs_meta_txn *t, const uint8_t *lo, uint32_t lolen, const uint8_t *hi, uint32_t hilen);

/* Called for each live record of a scan; return non-zero to stop. */
typedef int (*ms_emit_fn)(void *ctx, const uint8_t *key, uint32_t klen, const ms_ver *v);
/* Calls `emit` for each live record with lo <= key < hi, ascending, as `t`
 * sees them; read-write transactions record the range they covered. */
dfs_status ms_txn_scan(dfs_meta_txn *t, const uint8_t *lo, uint32_t lolen, const uint8_t *hi, uint32_t hilen,
                       ms_emit_fn emit, void *ctx, dfs_error *err);

/* The vtable's transaction operations. */
dfs_status ms_txn_begin(dfs_meta_store *st, uint32_t flags, dfs_meta_txn **out, dfs_error *err);
dfs_status ms_txn_commit(dfs_meta_txn *t, dfs_error *err);
void ms_txn_abort(dfs_meta_txn *t);

#endif /* C_MEMSTORE_H */
