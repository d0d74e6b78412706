/*
 * map.c — the ordered byte-key map behind c-memstore: a sorted array of
 * records with binary search. Not thread-safe by itself; the store guards the
 * committed map with its mutex, and a transaction's private maps are used by
 * one thread at a time.
 */
#define _POSIX_C_SOURCE 200809L
#include "memstore.h"

#include <stdlib.h>
#include <string.h>

int ms_key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen) {
    uint32_t n = alen < blen ? alen : blen;
    int c = n > 0 ? memcmp(a, b, n) : 0;
    if (c != 0) return c;
    return (alen > blen) - (alen < blen);
}

size_t ms_map_lower(const ms_map *m, const uint8_t *key, uint32_t klen) {
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ms_rec *r = m->v[mid];
        if (ms_key_cmp(r->key, r->klen, key, klen) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

ms_rec *ms_map_find(const ms_map *m, const uint8_t *key, uint32_t klen, size_t *pos) {
    size_t i = ms_map_lower(m, key, klen);
    if (pos != NULL) *pos = i;
    if (i < m->n && ms_key_cmp(m->v[i]->key, m->v[i]->klen, key, klen) == 0) return m->v[i];
    return NULL;
}

int ms_map_reserve(ms_map *m, size_t extra) {
    if (extra > SIZE_MAX / sizeof(ms_rec *) - m->n) return -1;
    size_t need = m->n + extra;
    if (need <= m->cap) return 0;
    size_t cap = m->cap < 16 ? 16 : m->cap;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / sizeof(ms_rec *)) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    ms_rec **v = realloc(m->v, cap * sizeof(ms_rec *));
    if (v == NULL) return -1;
    m->v = v;
    m->cap = cap;
    return 0;
}

int ms_map_insert(ms_map *m, size_t pos, ms_rec *r) {
    if (ms_map_reserve(m, 1) != 0) return -1;
    memmove(&m->v[pos + 1], &m->v[pos], (m->n - pos) * sizeof(ms_rec *));
    m->v[pos] = r;
    m->n++;
    return 0;
}

void ms_map_clear(ms_map *m) {
    for (size_t i = 0; i < m->n; i++) ms_rec_free(m->v[i]);
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}

ms_rec *ms_rec_new(const uint8_t *key, uint32_t klen) {
    ms_rec *r = malloc(sizeof(ms_rec) + (size_t)klen);
    if (r == NULL) return NULL;
    r->head = NULL;
    r->klen = klen;
    if (klen > 0) memcpy(r->key, key, klen);
    return r;
}

void ms_rec_free(ms_rec *r) {
    if (r == NULL) return;
    ms_ver_free_chain(r->head);
    free(r);
}

ms_ver *ms_ver_new(int dead, const void *a, size_t alen, const void *b, size_t blen) {
    if (alen > UINT32_MAX - blen) return NULL;
    ms_ver *v = malloc(sizeof(ms_ver) + alen + blen);
    if (v == NULL) return NULL;
    v->older = NULL;
    v->version = 0;
    v->dead = dead ? 1u : 0u;
    v->len = (uint32_t)(alen + blen);
    if (alen > 0) memcpy(v->data, a, alen);
    if (blen > 0) memcpy(v->data + alen, b, blen);
    return v;
}

void ms_ver_free_chain(ms_ver *v) {
    while (v != NULL) {
        ms_ver *older = v->older;
        free(v);
        v = older;
    }
}
