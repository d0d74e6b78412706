/*
 * memstore.c — "c-memstore": a DittoFS metadata store written in plain C11
 * against the public ABI header alone. In memory, not persistent.
 *
 * Design
 *   Every record lives in one ordered byte-key map (map.c); the transaction
 *   engine is txn.c, the configuration scanner config.c. Keys and values:
 *     'i' ino(8, BE)                 -> dfs_inode (normalised) + symlink target
 *     'd' dir(8, BE) name            -> ino(8) type(4) cookie(8)      (lookup)
 *     'c' dir(8, BE) cookie(8, BE)   -> ino(8) type(4) name           (listing order)
 *     'r' share                      -> ino(8)
 *     'k' key                        -> value
 *   Each committed record keeps a chain of versions, newest first, stamped
 *   with the commit counter value that wrote it; deletions are tombstones.
 *
 *   Transactions are optimistic and never wait for one another. A transaction
 *   remembers the counter value at begin (its snapshot), buffers its writes
 *   privately (read-your-writes) and records what it read: keys (present or
 *   absent) and scanned key ranges. Read-write transactions fail a read at
 *   once with DFS_ERR_RETRY when the record changed after their snapshot, and
 *   at commit, under the mutex, fail with DFS_ERR_RETRY (nothing applied) when
 *   any key they read or wrote, or any key in a range they scanned, has a
 *   version newer than their snapshot; otherwise all writes are applied with
 *   one new version. Read-only transactions read the version chain as of
 *   their snapshot, so they see a consistent snapshot and never retry.
 *   Versions no active transaction can see are dropped by a periodic sweep.
 *
 *   The mutex is held only for short map operations, never across a user
 *   callback, and never while waiting for another transaction.
 *
 *   A version a transaction can see (the newest one not newer than its
 *   snapshot) is never freed while that transaction is active, so pointers to
 *   it stay valid after the mutex is released.
 */
#define _POSIX_C_SOURCE 200809L
#include "memstore.h"

#include <stdlib.h>
#include <string.h>

#define MS_VERSION "0.1.0"
#define MS_COOKIE_LIMIT (UINT64_C(1) << 62)
#define MS_S_IFLNK 0120000u

/* Record values. */
#define DENT_D_LEN 20u /* ino(8) type(4) cookie(8) */
#define DENT_C_HDR 12u /* ino(8) type(4), then the name */

/* ---- small helpers --------------------------------------------------------- */

static void put_be64(uint8_t *p, uint64_t v) {
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

static uint64_t get_be64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
    return v;
}

static uint32_t key_inode(uint8_t *k, uint64_t ino) {
    k[0] = 'i';
    put_be64(k + 1, ino);
    return 9;
}

static uint32_t key_dirent(uint8_t *k, uint64_t dir, const uint8_t *name, uint32_t name_len) {
    k[0] = 'd';
    put_be64(k + 1, dir);
    memcpy(k + 9, name, name_len);
    return 9 + name_len;
}

static uint32_t key_cookie(uint8_t *k, uint64_t dir, uint64_t cookie) {
    k[0] = 'c';
    put_be64(k + 1, dir);
    put_be64(k + 9, cookie);
    return 17;
}

/* The first key after every 'c' key of `dir`. */
static uint32_t key_cookie_end(uint8_t *k, uint64_t dir) {
    if (dir == UINT64_MAX) {
        k[0] = 'c' + 1;
        return 1;
    }
    k[0] = 'c';
    put_be64(k + 1, dir + 1);
    return 9;
}

static uint32_t key_root(uint8_t *k, const uint8_t *share, uint32_t len) {
    k[0] = 'r';
    memcpy(k + 1, share, len);
    return 1 + len;
}

static dfs_status check_name(const uint8_t *name, uint32_t len, const char *what, dfs_error *err) {
    if (len == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": empty %s", what);
    if (len > DFS_NAME_MAX)
        return MS_ERR(err, DFS_ERR_NAMETOOLONG, MS_NAME ": %s of %u bytes exceeds %u", what, len, DFS_NAME_MAX);
    if (name == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": %s is NULL", what);
    return DFS_OK;
}

static dfs_status check_kv_key(const uint8_t *key, uint32_t len, dfs_error *err) {
    if (len == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": empty kv key");
    if (len > DFS_KV_KEY_MAX)
        return MS_ERR(err, DFS_ERR_NAMETOOLONG, MS_NAME ": kv key of %u bytes exceeds %u", len, DFS_KV_KEY_MAX);
    if (key == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": kv key is NULL");
    return DFS_OK;
}

/* ---- inode struct_size handling -------------------------------------------- */

#define IN_MEMBER(dst, src, m) \
    do { \
        if (DFS_HAS_MEMBER(src, dfs_inode, m)) (dst)->m = (src)->m; \
    } while (0)
#define OUT_MEMBER(dst, src, m) \
    do { \
        if (DFS_HAS_MEMBER(dst, dfs_inode, m)) (dst)->m = (src)->m; \
    } while (0)
#define INODE_MEMBERS(X, a, b) \
    X(a, b, mode); X(a, b, ino); X(a, b, generation); X(a, b, size); X(a, b, nlink); X(a, b, uid); \
    X(a, b, gid); X(a, b, target_len); X(a, b, rdev); X(a, b, parent); X(a, b, change); X(a, b, flags); \
    X(a, b, atime); X(a, b, mtime); X(a, b, ctime); X(a, b, btime)

/* The caller's inode as a full struct: members past in->struct_size are zero. */
static void inode_read_in(dfs_inode *dst, const dfs_inode *in) {
    memset(dst, 0, sizeof *dst);
    INODE_MEMBERS(IN_MEMBER, dst, in);
    dst->struct_size = (uint32_t)sizeof(dfs_inode);
    dst->target_len = 0; /* kept beside the record, not in it */
}

/* ---- lifecycle ------------------------------------------------------------- */

static dfs_status ms_open(const char *config_json, const dfs_host_info *host, dfs_meta_store **out, dfs_error *err) {
    ms_config cfg;
    (void)host;
    if (out == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": open: out is NULL");
    dfs_status s = ms_parse_config(config_json, &cfg, err);
    if (s != DFS_OK) return s;
    dfs_meta_store *st = calloc(1, sizeof *st);
    if (st == NULL) return ms_nomem(err);
    if (pthread_mutex_init(&st->mu, NULL) != 0) {
        free(st);
        return MS_ERR(err, DFS_ERR_NOMEM, MS_NAME ": cannot create a mutex");
    }
    st->has_max_inodes = cfg.has_max_inodes;
    st->max_inodes = cfg.max_inodes;
    st->gc_next = 64;
    atomic_init(&st->next_ino, 1);
    atomic_init(&st->next_cookie, 1);
    *out = st;
    return DFS_OK;
}

static void ms_close(dfs_meta_store *st) {
    if (st == NULL) return;
    ms_map_clear(&st->map);
    pthread_mutex_destroy(&st->mu);
    free(st);
}


/* ---- id allocation ------------------------------------------------------------ */

static dfs_status ms_alloc_ids(dfs_meta_store *st, uint32_t count, uint64_t *first, dfs_error *err) {
    if (st == NULL || first == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": alloc_ids: NULL argument");
    if (count == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": alloc_ids: count must be >= 1");
    uint64_t cur = atomic_load(&st->next_ino);
    do {
        if (cur > UINT64_MAX - count) return MS_ERR(err, DFS_ERR_NOSPC, MS_NAME ": inode numbers exhausted");
    } while (!atomic_compare_exchange_weak(&st->next_ino, &cur, cur + count));
    *first = cur;
    return DFS_OK;
}

/* ---- inodes -------------------------------------------------------------------- */

static dfs_status ms_inode_get(dfs_meta_txn *t, uint64_t ino, dfs_inode *out, uint8_t *target, uint32_t target_cap,
                               dfs_error *err) {
    uint8_t k[9];
    const ms_ver *v;
    dfs_inode rec;
    CHECK_TXN(t, err);
    if (out == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode_get: out is NULL");
    if (ino == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode number 0");
    dfs_status s = ms_txn_read(t, k, key_inode(k, ino), &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no inode %llu", (unsigned long long)ino);
    memcpy(&rec, v->data, sizeof rec);
    rec.target_len = v->len - (uint32_t)sizeof rec;
    INODE_MEMBERS(OUT_MEMBER, out, &rec);
    if (target != NULL && rec.target_len > 0) {
        if (target_cap < rec.target_len)
            return MS_ERR(err, DFS_ERR_RANGE, MS_NAME ": symlink target needs %u bytes, buffer has %u",
                          rec.target_len, target_cap);
        memcpy(target, v->data + sizeof rec, rec.target_len);
    }
    return DFS_OK;
}

static dfs_status ms_inode_create(dfs_meta_txn *t, const dfs_inode *in, const uint8_t *target, uint32_t target_len,
                                  dfs_error *err) {
    uint8_t k[9];
    const ms_ver *v;
    dfs_inode rec;
    CHECK_WRITABLE(t, err);
    if (in == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode_create: in is NULL");
    inode_read_in(&rec, in);
    if (rec.ino == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode number 0");
    if (target_len > DFS_SYMLINK_MAX)
        return MS_ERR(err, DFS_ERR_NAMETOOLONG, MS_NAME ": symlink target of %u bytes exceeds %u", target_len,
                      DFS_SYMLINK_MAX);
    if (target_len > 0 && target == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": symlink target is NULL");
    if ((rec.mode & DFS_S_IFMT) == MS_S_IFLNK && target_len == 0)
        return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": empty symlink target");
    dfs_status s = ms_txn_read(t, k, key_inode(k, rec.ino), &v, err);
    if (s != DFS_OK) return s;
    if (v != NULL) return MS_ERR(err, DFS_ERR_EXIST, MS_NAME ": inode %llu exists", (unsigned long long)rec.ino);
    if (t->st->has_max_inodes) {
        pthread_mutex_lock(&t->st->mu);
        int64_t after = (int64_t)t->st->live_inodes + t->inode_delta + 1;
        pthread_mutex_unlock(&t->st->mu);
        if (after > 0 && (uint64_t)after > t->st->max_inodes)
            return MS_ERR(err, DFS_ERR_NOSPC, MS_NAME ": max_inodes (%llu) reached",
                          (unsigned long long)t->st->max_inodes);
    }
    s = ms_txn_write(t, k, 9, ms_ver_new(0, &rec, sizeof rec, target, target_len), err);
    if (s == DFS_OK) t->inode_delta++;
    return s;
}

static dfs_status ms_inode_update(dfs_meta_txn *t, const dfs_inode *in, dfs_error *err) {
    uint8_t k[9];
    const ms_ver *v;
    dfs_inode rec;
    CHECK_WRITABLE(t, err);
    if (in == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode_update: in is NULL");
    inode_read_in(&rec, in);
    if (rec.ino == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode number 0");
    dfs_status s = ms_txn_read(t, k, key_inode(k, rec.ino), &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no inode %llu", (unsigned long long)rec.ino);
    /* Build the new version (keeping the target) before the old one is replaced. */
    ms_ver *nv = ms_ver_new(0, &rec, sizeof rec, v->data + sizeof rec, v->len - sizeof rec);
    return ms_txn_write(t, k, 9, nv, err);
}

static dfs_status ms_inode_delete(dfs_meta_txn *t, uint64_t ino, dfs_error *err) {
    uint8_t k[9];
    const ms_ver *v;
    CHECK_WRITABLE(t, err);
    if (ino == 0) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": inode number 0");
    dfs_status s = ms_txn_read(t, k, key_inode(k, ino), &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no inode %llu", (unsigned long long)ino);
    s = ms_txn_delete(t, k, 9, err);
    if (s == DFS_OK) t->inode_delta--;
    return s;
}

/* ---- directory entries -------------------------------------------------------------- */

static dfs_status ms_dirent_lookup(dfs_meta_txn *t, uint64_t dir, const uint8_t *name, uint32_t name_len,
                                   dfs_dirent *out, dfs_error *err) {
    uint8_t k[9 + DFS_NAME_MAX];
    const ms_ver *v;
    CHECK_TXN(t, err);
    dfs_status s = check_name(name, name_len, "name", err);
    if (s != DFS_OK) return s;
    if (out == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": dirent_lookup: out is NULL");
    s = ms_txn_read(t, k, key_dirent(k, dir, name, name_len), &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no such entry");
    dfs_dirent e;
    memset(&e, 0, sizeof e);
    memcpy(&e.ino, v->data, 8);
    memcpy(&e.type, v->data + 8, 4);
    memcpy(&e.cookie, v->data + 12, 8);
    e.name = name;
    e.name_len = name_len;
    if (DFS_HAS_MEMBER(out, dfs_dirent, type)) out->type = e.type;
    if (DFS_HAS_MEMBER(out, dfs_dirent, ino)) out->ino = e.ino;
    if (DFS_HAS_MEMBER(out, dfs_dirent, cookie)) out->cookie = e.cookie;
    if (DFS_HAS_MEMBER(out, dfs_dirent, name)) out->name = e.name;
    if (DFS_HAS_MEMBER(out, dfs_dirent, name_len)) out->name_len = e.name_len;
    if (DFS_HAS_MEMBER(out, dfs_dirent, reserved)) out->reserved = 0;
    return DFS_OK;
}

static dfs_status ms_dirent_insert(dfs_meta_txn *t, uint64_t dir, const uint8_t *name, uint32_t name_len,
                                   uint64_t ino, uint32_t type, uint64_t *cookie_out, dfs_error *err) {
    uint8_t dk[9 + DFS_NAME_MAX], ck[17], end[9], dval[DENT_D_LEN], chdr[DENT_C_HDR];
    const ms_ver *v;
    CHECK_WRITABLE(t, err);
    dfs_status s = check_name(name, name_len, "name", err);
    if (s != DFS_OK) return s;
    uint32_t dkl = key_dirent(dk, dir, name, name_len);
    s = ms_txn_read(t, dk, dkl, &v, err);
    if (s != DFS_OK) return s;
    if (v != NULL) return MS_ERR(err, DFS_ERR_EXIST, MS_NAME ": entry exists");
    /* Cookies come from a store-wide counter, outside transactions: increasing
     * in every directory and never reused, not even after an abort. */
    uint64_t cookie = atomic_fetch_add(&t->st->next_cookie, 1);
    if (cookie >= MS_COOKIE_LIMIT) return MS_ERR(err, DFS_ERR_NOSPC, MS_NAME ": directory cookies exhausted");
    memcpy(dval, &ino, 8);
    memcpy(dval + 8, &type, 4);
    memcpy(dval + 12, &cookie, 8);
    memcpy(chdr, &ino, 8);
    memcpy(chdr + 8, &type, 4);
    /* So that cookie order matches commit order (a listing resumed from a
     * cookie never misses an entry committed later), the insert reads the
     * directory's cookies above its own: if an entry with a higher cookie
     * commits first, this transaction retries and takes a new cookie. */
    uint32_t ckl = key_cookie(ck, dir, cookie + 1);
    if (ms_txn_add_range(t, ck, ckl, end, key_cookie_end(end, dir)) != 0) return ms_nomem(err);
    ckl = key_cookie(ck, dir, cookie);
    s = ms_txn_write(t, dk, dkl, ms_ver_new(0, dval, sizeof dval, NULL, 0), err);
    if (s != DFS_OK) return s;
    s = ms_txn_write(t, ck, ckl, ms_ver_new(0, chdr, sizeof chdr, name, name_len), err);
    if (s != DFS_OK) {
        (void)ms_txn_delete(t, dk, dkl, NULL); /* best effort: the caller aborts on failure anyway */
        return s;
    }
    if (cookie_out != NULL) *cookie_out = cookie;
    return DFS_OK;
}

static dfs_status ms_dirent_remove(dfs_meta_txn *t, uint64_t dir, const uint8_t *name, uint32_t name_len,
                                   dfs_error *err) {
    uint8_t dk[9 + DFS_NAME_MAX], ck[17];
    const ms_ver *v;
    uint64_t cookie;
    CHECK_WRITABLE(t, err);
    dfs_status s = check_name(name, name_len, "name", err);
    if (s != DFS_OK) return s;
    uint32_t dkl = key_dirent(dk, dir, name, name_len);
    s = ms_txn_read(t, dk, dkl, &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no such entry");
    memcpy(&cookie, v->data + 12, 8);
    s = ms_txn_delete(t, ck, key_cookie(ck, dir, cookie), err);
    if (s != DFS_OK) return s;
    return ms_txn_delete(t, dk, dkl, err);
}

typedef struct {
    dfs_dirent_cb cb;
    void *ctx;
} dirent_emit_ctx;

static int emit_dirent(void *c, const uint8_t *key, uint32_t klen, const ms_ver *v) {
    const dirent_emit_ctx *d = c;
    dfs_dirent e;
    (void)klen;
    memset(&e, 0, sizeof e);
    e.struct_size = (uint32_t)sizeof e;
    memcpy(&e.ino, v->data, 8);
    memcpy(&e.type, v->data + 8, 4);
    e.cookie = get_be64(key + 9);
    e.name = v->data + DENT_C_HDR;
    e.name_len = v->len - DENT_C_HDR;
    return d->cb(d->ctx, &e);
}

static dfs_status ms_dirent_list(dfs_meta_txn *t, uint64_t dir, uint64_t after_cookie, dfs_dirent_cb cb, void *ctx,
                                 dfs_error *err) {
    uint8_t lo[17], hi[9];
    CHECK_TXN(t, err);
    if (cb == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": dirent_list: callback is NULL");
    if (after_cookie == UINT64_MAX) return DFS_OK;
    dirent_emit_ctx d = {cb, ctx};
    return ms_txn_scan(t, lo, key_cookie(lo, dir, after_cookie + 1), hi, key_cookie_end(hi, dir), emit_dirent, &d,
                    err);
}

/* ---- share roots ---------------------------------------------------------------- */

static dfs_status ms_root_get(dfs_meta_txn *t, const uint8_t *share, uint32_t share_len, uint64_t *ino,
                              dfs_error *err) {
    uint8_t k[1 + DFS_NAME_MAX];
    const ms_ver *v;
    CHECK_TXN(t, err);
    dfs_status s = check_name(share, share_len, "share name", err);
    if (s != DFS_OK) return s;
    if (ino == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": root_get: ino is NULL");
    s = ms_txn_read(t, k, key_root(k, share, share_len), &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no root for that share");
    memcpy(ino, v->data, 8);
    return DFS_OK;
}

static dfs_status ms_root_set(dfs_meta_txn *t, const uint8_t *share, uint32_t share_len, uint64_t ino,
                              dfs_error *err) {
    uint8_t k[1 + DFS_NAME_MAX];
    CHECK_WRITABLE(t, err);
    dfs_status s = check_name(share, share_len, "share name", err);
    if (s != DFS_OK) return s;
    return ms_txn_write(t, k, key_root(k, share, share_len), ms_ver_new(0, &ino, 8, NULL, 0), err);
}

static dfs_status ms_root_remove(dfs_meta_txn *t, const uint8_t *share, uint32_t share_len, dfs_error *err) {
    uint8_t k[1 + DFS_NAME_MAX];
    const ms_ver *v;
    CHECK_WRITABLE(t, err);
    dfs_status s = check_name(share, share_len, "share name", err);
    if (s != DFS_OK) return s;
    uint32_t kl = key_root(k, share, share_len);
    s = ms_txn_read(t, k, kl, &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no root for that share");
    return ms_txn_delete(t, k, kl, err);
}

typedef struct {
    dfs_root_cb cb;
    void *ctx;
} root_emit_ctx;

static int emit_root(void *c, const uint8_t *key, uint32_t klen, const ms_ver *v) {
    const root_emit_ctx *r = c;
    uint64_t ino;
    memcpy(&ino, v->data, 8);
    return r->cb(r->ctx, key + 1, klen - 1, ino);
}

static dfs_status ms_root_list(dfs_meta_txn *t, dfs_root_cb cb, void *ctx, dfs_error *err) {
    static const uint8_t lo[1] = {'r'}, hi[1] = {'r' + 1};
    CHECK_TXN(t, err);
    if (cb == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": root_list: callback is NULL");
    root_emit_ctx r = {cb, ctx};
    return ms_txn_scan(t, lo, 1, hi, 1, emit_root, &r, err);
}

/* ---- host key/value space ------------------------------------------------------------ */

static dfs_status ms_kv_get(dfs_meta_txn *t, const uint8_t *key, uint32_t key_len, uint8_t *value,
                            uint32_t value_cap, uint32_t *value_len, dfs_error *err) {
    uint8_t k[MS_KEY_MAX];
    const ms_ver *v;
    CHECK_TXN(t, err);
    dfs_status s = check_kv_key(key, key_len, err);
    if (s != DFS_OK) return s;
    if (value_len == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": kv_get: value_len is NULL");
    k[0] = 'k';
    memcpy(k + 1, key, key_len);
    s = ms_txn_read(t, k, 1 + key_len, &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no such kv key");
    *value_len = v->len;
    if (v->len == 0) return DFS_OK; /* nothing to copy, whatever the buffer */
    if (value == NULL || value_cap < v->len)
        return MS_ERR(err, DFS_ERR_RANGE, MS_NAME ": value needs %u bytes, buffer has %u", v->len,
                      value == NULL ? 0u : value_cap);
    memcpy(value, v->data, v->len);
    return DFS_OK;
}

static dfs_status ms_kv_put(dfs_meta_txn *t, const uint8_t *key, uint32_t key_len, const uint8_t *value,
                            uint32_t value_len, dfs_error *err) {
    uint8_t k[MS_KEY_MAX];
    CHECK_WRITABLE(t, err);
    dfs_status s = check_kv_key(key, key_len, err);
    if (s != DFS_OK) return s;
    if (value_len > DFS_KV_VALUE_MAX)
        return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": kv value of %u bytes exceeds %u", value_len, DFS_KV_VALUE_MAX);
    if (value_len > 0 && value == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": kv value is NULL");
    k[0] = 'k';
    memcpy(k + 1, key, key_len);
    return ms_txn_write(t, k, 1 + key_len, ms_ver_new(0, value, value_len, NULL, 0), err);
}

static dfs_status ms_kv_delete(dfs_meta_txn *t, const uint8_t *key, uint32_t key_len, dfs_error *err) {
    uint8_t k[MS_KEY_MAX];
    const ms_ver *v;
    CHECK_WRITABLE(t, err);
    dfs_status s = check_kv_key(key, key_len, err);
    if (s != DFS_OK) return s;
    k[0] = 'k';
    memcpy(k + 1, key, key_len);
    s = ms_txn_read(t, k, 1 + key_len, &v, err);
    if (s != DFS_OK) return s;
    if (v == NULL) return MS_ERR(err, DFS_ERR_NOENT, MS_NAME ": no such kv key");
    return ms_txn_delete(t, k, 1 + key_len, err);
}

typedef struct {
    dfs_kv_cb cb;
    void *ctx;
} kv_emit_ctx;

static int emit_kv(void *c, const uint8_t *key, uint32_t klen, const ms_ver *v) {
    const kv_emit_ctx *e = c;
    return e->cb(e->ctx, key + 1, klen - 1, v->data, v->len);
}

static dfs_status ms_kv_scan(dfs_meta_txn *t, const uint8_t *start, uint32_t start_len, const uint8_t *end,
                             uint32_t end_len, dfs_kv_cb cb, void *ctx, dfs_error *err) {
    CHECK_TXN(t, err);
    if (cb == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": kv_scan: callback is NULL");
    if (start == NULL) start_len = 0;
    if (end == NULL) end_len = 0;
    /* Bounds need not be valid keys (any length); copy them behind the 'k' prefix. */
    uint8_t *lo = malloc((size_t)start_len + 1), *hi = malloc((size_t)end_len + 1);
    if (lo == NULL || hi == NULL) {
        free(lo);
        free(hi);
        return ms_nomem(err);
    }
    lo[0] = 'k';
    if (start_len) memcpy(lo + 1, start, start_len);
    uint32_t hilen = 1;
    if (end_len > 0) {
        hi[0] = 'k';
        memcpy(hi + 1, end, end_len);
        hilen = 1 + end_len;
    } else {
        hi[0] = 'k' + 1;
    }
    kv_emit_ctx e = {cb, ctx};
    dfs_status s = ms_txn_scan(t, lo, 1 + start_len, hi, hilen, emit_kv, &e, err);
    free(lo);
    free(hi);
    return s;
}

/* ---- capacity ------------------------------------------------------------------------ */

static dfs_status ms_statfs(dfs_meta_store *st, dfs_meta_statfs *out, dfs_error *err) {
    if (st == NULL || out == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": statfs: NULL argument");
    uint64_t total = UINT64_MAX, avail = UINT64_MAX;
    if (st->has_max_inodes) {
        pthread_mutex_lock(&st->mu);
        uint64_t used = st->live_inodes;
        pthread_mutex_unlock(&st->mu);
        total = st->max_inodes;
        avail = total > used ? total - used : 0;
    }
    if (DFS_HAS_MEMBER(out, dfs_meta_statfs, reserved)) out->reserved = 0;
    if (DFS_HAS_MEMBER(out, dfs_meta_statfs, inodes_total)) out->inodes_total = total;
    if (DFS_HAS_MEMBER(out, dfs_meta_statfs, inodes_free)) out->inodes_free = avail;
    return DFS_OK;
}

/* ---- descriptor and entry point -------------------------------------------------------- */

static const dfs_meta_vtable ms_vtable = {
    .struct_size = (uint32_t)sizeof(dfs_meta_vtable),
    .reserved = 0,
    .open = ms_open,
    .close = ms_close,
    .txn_begin = ms_txn_begin,
    .txn_commit = ms_txn_commit,
    .txn_abort = ms_txn_abort,
    .alloc_ids = ms_alloc_ids,
    .inode_get = ms_inode_get,
    .inode_create = ms_inode_create,
    .inode_update = ms_inode_update,
    .inode_delete = ms_inode_delete,
    .dirent_lookup = ms_dirent_lookup,
    .dirent_insert = ms_dirent_insert,
    .dirent_remove = ms_dirent_remove,
    .dirent_list = ms_dirent_list,
    .root_get = ms_root_get,
    .root_set = ms_root_set,
    .root_remove = ms_root_remove,
    .root_list = ms_root_list,
    .kv_get = ms_kv_get,
    .kv_put = ms_kv_put,
    .kv_delete = ms_kv_delete,
    .kv_scan = ms_kv_scan,
    .statfs = ms_statfs,
};

static const dfs_plugin_descriptor ms_descriptor = {
    .struct_size = (uint32_t)sizeof(dfs_plugin_descriptor),
    .abi_major = DFS_ABI_MAJOR,
    .abi_minor = DFS_ABI_MINOR,
    .kind = DFS_KIND_METADATA,
    .name = MS_NAME,
    .version = MS_VERSION,
    .description = "In-memory metadata store in plain C (ABI example; not persistent)",
    .capabilities = DFS_CAP_NONBLOCKING | DFS_META_CAP_TRANSACTIONS | DFS_META_CAP_STATFS,
    .vtable = &ms_vtable,
};

__attribute__((visibility("default"))) const dfs_plugin_descriptor *dfs_plugin_entry(const dfs_host_info *host) {
    if (host != NULL && DFS_HAS_MEMBER(host, dfs_host_info, abi_major) && host->abi_major != DFS_ABI_MAJOR)
        return NULL;
    return &ms_descriptor;
}
