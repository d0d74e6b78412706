/*
 * txn.c — c-memstore's transaction engine: optimistic concurrency control
 * over the versioned, ordered record map (see memstore.c for the design).
 * Nothing here ever waits for another transaction: the store mutex is held
 * only for short map operations and never across a user callback.
 */
#define _POSIX_C_SOURCE 200809L
#include "memstore.h"

#include <stdlib.h>
#include <string.h>

#define MS_SCAN_CHUNK 128 /* records examined per mutex hold while scanning */

/* ---- transaction internals ------------------------------------------------ */

/* The version of `r` a read-only transaction with snapshot `start` sees. */
static const ms_ver *visible(const ms_rec *r, uint64_t start) {
    const ms_ver *v = r->head;
    while (v != NULL && v->version > start) v = v->older;
    return v;
}

static int record_read(dfs_meta_txn *t, const uint8_t *k, uint32_t kl) {
    size_t pos;
    if (ms_map_find(&t->reads, k, kl, &pos) != NULL) return 0;
    ms_rec *r = ms_rec_new(k, kl);
    if (r == NULL) return -1;
    if (ms_map_insert(&t->reads, pos, r) != 0) {
        ms_rec_free(r);
        return -1;
    }
    return 0;
}

int ms_txn_add_range(dfs_meta_txn *t, const uint8_t *lo, uint32_t lolen, const uint8_t *hi, uint32_t hilen) {
    if (t->nranges == t->cap_ranges) {
        size_t cap = t->cap_ranges ? t->cap_ranges * 2 : 8;
        ms_range *r = realloc(t->ranges, cap * sizeof *r);
        if (r == NULL) return -1;
        t->ranges = r;
        t->cap_ranges = cap;
    }
    ms_range *g = &t->ranges[t->nranges];
    g->lo = malloc(lolen ? lolen : 1);
    g->hi = malloc(hilen ? hilen : 1);
    if (g->lo == NULL || g->hi == NULL) {
        free(g->lo);
        free(g->hi);
        return -1;
    }
    if (lolen) memcpy(g->lo, lo, lolen);
    if (hilen) memcpy(g->hi, hi, hilen);
    g->lolen = lolen;
    g->hilen = hilen;
    t->nranges++;
    return 0;
}

/* Shrink range `i` to end just after `key` (when memory allows). */
static void narrow_range(dfs_meta_txn *t, size_t i, const uint8_t *key, uint32_t klen) {
    uint8_t *hi = malloc((size_t)klen + 1);
    if (hi == NULL) return; /* keep the wider range: still correct */
    memcpy(hi, key, klen);
    hi[klen] = 0;
    free(t->ranges[i].hi);
    t->ranges[i].hi = hi;
    t->ranges[i].hilen = klen + 1;
}

/* Reads key `k` as `t` sees it: *out is the live version, or NULL when absent. */
dfs_status ms_txn_read(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, const ms_ver **out, dfs_error *err) {
    ms_rec *b = ms_map_find(&t->buf, k, kl, NULL);
    if (b != NULL) {
        *out = b->head->dead ? NULL : b->head;
        return DFS_OK;
    }
    if (!t->readonly && record_read(t, k, kl) != 0) return ms_nomem(err);
    dfs_meta_store *st = t->st;
    const ms_ver *v = NULL;
    int conflict = 0;
    pthread_mutex_lock(&st->mu);
    ms_rec *r = ms_map_find(&st->map, k, kl, NULL);
    if (r != NULL) {
        if (t->readonly) v = visible(r, t->start);
        else if (r->head->version > t->start) conflict = 1;
        else v = r->head;
    }
    pthread_mutex_unlock(&st->mu);
    if (conflict) return ms_retry(err);
    *out = (v != NULL && !v->dead) ? v : NULL;
    return DFS_OK;
}

/* Buffers a write of `v` (owned; freed on failure) at key `k`. */
dfs_status ms_txn_write(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, ms_ver *v, dfs_error *err) {
    size_t pos;
    if (v == NULL) return ms_nomem(err);
    ms_rec *b = ms_map_find(&t->buf, k, kl, &pos);
    if (b != NULL) {
        ms_ver_free_chain(b->head);
        b->head = v;
        return DFS_OK;
    }
    b = ms_rec_new(k, kl);
    if (b == NULL || ms_map_insert(&t->buf, pos, b) != 0) {
        ms_rec_free(b);
        ms_ver_free_chain(v);
        return ms_nomem(err);
    }
    b->head = v;
    return DFS_OK;
}

dfs_status ms_txn_delete(dfs_meta_txn *t, const uint8_t *k, uint32_t kl, dfs_error *err) {
    return ms_txn_write(t, k, kl, ms_ver_new(1, NULL, 0, NULL, 0), err);
}

/* Calls `emit` for each live record with lo <= key < hi, ascending, merging the
 * write buffer over committed data, until it returns non-zero. The mutex is
 * held only while collecting up to MS_SCAN_CHUNK committed records at a time. */
dfs_status ms_txn_scan(dfs_meta_txn *t, const uint8_t *lo, uint32_t lolen, const uint8_t *hi, uint32_t hilen,
                           ms_emit_fn emit, void *ctx, dfs_error *err) {
    struct {
        const uint8_t *key;
        uint32_t klen;
        const ms_ver *v;
    } items[MS_SCAN_CHUNK];
    uint8_t last[MS_KEY_MAX], curbuf[MS_KEY_MAX];
    uint32_t lastlen = 0;
    const uint8_t *cur = lo;
    uint32_t curlen = lolen;
    int excl = 0;
    size_t range_index = 0;
    dfs_meta_store *st = t->st;

    if (ms_key_cmp(lo, lolen, hi, hilen) >= 0) return DFS_OK;
    if (!t->readonly) {
        if (ms_txn_add_range(t, lo, lolen, hi, hilen) != 0) return ms_nomem(err);
        range_index = t->nranges - 1;
    }
    for (;;) {
        size_t n = 0, examined = 0;
        int exhausted = 0, conflict = 0;
        pthread_mutex_lock(&st->mu);
        size_t i = ms_map_lower(&st->map, cur, curlen);
        if (excl && i < st->map.n && ms_key_cmp(st->map.v[i]->key, st->map.v[i]->klen, cur, curlen) == 0) i++;
        for (;; i++) {
            if (i >= st->map.n) {
                exhausted = 1;
                break;
            }
            const ms_rec *r = st->map.v[i];
            if (ms_key_cmp(r->key, r->klen, hi, hilen) >= 0) {
                exhausted = 1;
                break;
            }
            if (examined == MS_SCAN_CHUNK) break;
            examined++;
            const ms_ver *v;
            if (t->readonly) {
                v = visible(r, t->start);
            } else if (r->head->version > t->start) {
                conflict = 1;
                break;
            } else {
                v = r->head;
            }
            if (v != NULL && !v->dead) {
                items[n].key = r->key;
                items[n].klen = r->klen;
                items[n].v = v;
                n++;
            }
        }
        if (!exhausted && !conflict) { /* i - 1 is the last record examined */
            lastlen = st->map.v[i - 1]->klen;
            memcpy(last, st->map.v[i - 1]->key, lastlen);
        }
        pthread_mutex_unlock(&st->mu);
        if (conflict) return ms_retry(err);

        /* Merge buffered writes in [cur, bound] with the committed records. */
        size_t bi = ms_map_lower(&t->buf, cur, curlen), ci = 0;
        if (excl && bi < t->buf.n && ms_key_cmp(t->buf.v[bi]->key, t->buf.v[bi]->klen, cur, curlen) == 0) bi++;
        for (;;) {
            const ms_rec *b = NULL;
            if (bi < t->buf.n) {
                b = t->buf.v[bi];
                if (exhausted ? ms_key_cmp(b->key, b->klen, hi, hilen) >= 0
                              : ms_key_cmp(b->key, b->klen, last, lastlen) > 0)
                    b = NULL;
            }
            if (b == NULL && ci == n) break;
            int c = b == NULL ? 1 : ci == n ? -1 : ms_key_cmp(b->key, b->klen, items[ci].key, items[ci].klen);
            const uint8_t *k;
            uint32_t kl;
            const ms_ver *v;
            if (c <= 0) {
                k = b->key;
                kl = b->klen;
                v = b->head;
                bi++;
                if (c == 0) ci++;
            } else {
                k = items[ci].key;
                kl = items[ci].klen;
                v = items[ci].v;
                ci++;
            }
            if (v->dead) continue;
            if (emit(ctx, k, kl, v) != 0) {
                if (!t->readonly) narrow_range(t, range_index, k, kl);
                return DFS_OK;
            }
        }
        if (exhausted) return DFS_OK;
        memcpy(curbuf, last, lastlen);
        cur = curbuf;
        curlen = lastlen;
        excl = 1;
    }
}

/* ---- store internals --------------------------------------------------------- */

/* Drop versions no active transaction can see. Called with the mutex held. */
static void gc_sweep(dfs_meta_store *st) {
    uint64_t horizon = st->first != NULL ? st->first->start : st->version;
    size_t w = 0, remaining = 0;
    for (size_t i = 0; i < st->map.n; i++) {
        ms_rec *r = st->map.v[i];
        ms_ver **link = &r->head;
        while (*link != NULL && (*link)->version > horizon) link = &(*link)->older;
        ms_ver *keep = *link; /* newest version every active transaction can see */
        if (keep != NULL) {
            ms_ver_free_chain(keep->older);
            keep->older = NULL;
            if (keep->dead) {
                free(keep);
                *link = NULL;
            }
        }
        if (r->head == NULL) {
            free(r);
            continue;
        }
        if (r->head->older != NULL || r->head->dead) remaining++;
        st->map.v[w++] = r;
    }
    st->map.n = w;
    st->garbage = remaining;
    st->gc_next = remaining * 2 + w / 4 + 64;
}

static void txn_unlink(dfs_meta_txn *t) { /* mutex held */
    dfs_meta_store *st = t->st;
    if (t->prev) t->prev->next = t->next;
    else st->first = t->next;
    if (t->next) t->next->prev = t->prev;
    else st->last = t->prev;
    t->prev = t->next = NULL;
}

static void txn_free(dfs_meta_txn *t) {
    ms_map_clear(&t->buf);
    ms_map_clear(&t->reads);
    for (size_t i = 0; i < t->nranges; i++) {
        free(t->ranges[i].lo);
        free(t->ranges[i].hi);
    }
    free(t->ranges);
    free(t);
}

static int changed_since(const dfs_meta_store *st, const ms_rec *k, uint64_t start) {
    const ms_rec *r = ms_map_find(&st->map, k->key, k->klen, NULL);
    return r != NULL && r->head->version > start;
}

/* Did anything `t` read, wrote or scanned change after its snapshot? Mutex held. */
static int txn_conflicts(const dfs_meta_txn *t) {
    const dfs_meta_store *st = t->st;
    for (size_t i = 0; i < t->reads.n; i++)
        if (changed_since(st, t->reads.v[i], t->start)) return 1;
    for (size_t i = 0; i < t->buf.n; i++)
        if (changed_since(st, t->buf.v[i], t->start)) return 1;
    for (size_t g = 0; g < t->nranges; g++) {
        const ms_range *rg = &t->ranges[g];
        for (size_t i = ms_map_lower(&st->map, rg->lo, rg->lolen); i < st->map.n; i++) {
            const ms_rec *r = st->map.v[i];
            if (ms_key_cmp(r->key, r->klen, rg->hi, rg->hilen) >= 0) break;
            if (r->head->version > t->start) return 1;
        }
    }
    return 0;
}

static int is_inode_key(const ms_rec *r) { return r->klen == 9 && r->key[0] == 'i'; }

/* ---- transactions ------------------------------------------------------------ */

dfs_status ms_txn_begin(dfs_meta_store *st, uint32_t flags, dfs_meta_txn **out, dfs_error *err) {
    if (st == NULL || out == NULL) return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": txn_begin: NULL argument");
    dfs_meta_txn *t = calloc(1, sizeof *t);
    if (t == NULL) return ms_nomem(err);
    t->st = st;
    t->readonly = (flags & DFS_TXN_READONLY) != 0;
    pthread_mutex_lock(&st->mu);
    t->start = st->version;
    t->prev = st->last;
    if (st->last) st->last->next = t;
    else st->first = t;
    st->last = t;
    pthread_mutex_unlock(&st->mu);
    *out = t;
    return DFS_OK;
}

void ms_txn_abort(dfs_meta_txn *t) {
    if (t == NULL) return;
    pthread_mutex_lock(&t->st->mu);
    txn_unlink(t);
    pthread_mutex_unlock(&t->st->mu);
    txn_free(t);
}

dfs_status ms_txn_commit(dfs_meta_txn *t, dfs_error *err) {
    CHECK_TXN(t, err);
    dfs_meta_store *st = t->st;
    dfs_status rc = DFS_OK;
    pthread_mutex_lock(&st->mu);
    if (!t->readonly) {
        size_t fresh = 0;
        int64_t delta = 0;
        if (txn_conflicts(t)) {
            rc = ms_retry(err);
        } else {
            for (size_t i = 0; i < t->buf.n; i++) {
                const ms_rec *b = t->buf.v[i];
                const ms_rec *r = ms_map_find(&st->map, b->key, b->klen, NULL);
                if (r == NULL) fresh++;
                if (is_inode_key(b)) delta += (int64_t)!b->head->dead - (int64_t)(r != NULL && !r->head->dead);
            }
            if (st->has_max_inodes && delta > 0 && st->live_inodes + (uint64_t)delta > st->max_inodes)
                rc = MS_ERR(err, DFS_ERR_NOSPC, MS_NAME ": max_inodes (%llu) reached",
                            (unsigned long long)st->max_inodes);
            else if (ms_map_reserve(&st->map, fresh) != 0)
                rc = ms_nomem(err);
        }
        if (rc == DFS_OK && t->buf.n > 0) { /* apply: cannot fail from here on */
            uint64_t v = ++st->version;
            for (size_t i = 0; i < t->buf.n; i++) {
                ms_rec *b = t->buf.v[i];
                size_t pos;
                ms_rec *r = ms_map_find(&st->map, b->key, b->klen, &pos);
                b->head->version = v;
                if (r != NULL) {
                    b->head->older = r->head;
                    r->head = b->head;
                    b->head = NULL;
                    free(b);
                    st->garbage++;
                } else {
                    (void)ms_map_insert(&st->map, pos, b); /* capacity reserved above */
                    if (b->head->dead) st->garbage++;
                }
                t->buf.v[i] = NULL;
            }
            t->buf.n = 0;
            st->live_inodes = (uint64_t)((int64_t)st->live_inodes + delta);
        }
    }
    txn_unlink(t);
    if (st->garbage >= st->gc_next) gc_sweep(st);
    pthread_mutex_unlock(&st->mu);
    txn_free(t);
    return rc;
}