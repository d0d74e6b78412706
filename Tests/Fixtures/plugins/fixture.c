/*
 * A configurable test plugin for the loader tests. Compiled by the tests with
 * `cc -shared -fPIC` and -D switches that make it good or bad in one way:
 *
 *   FIX_KIND=n        descriptor kind (default DFS_KIND_METADATA)
 *   FIX_MAJOR=n       abi_major (default DFS_ABI_MAJOR)
 *   FIX_MINOR=n       abi_minor (default DFS_ABI_MINOR)
 *   FIX_NAME="..."    plugin name (default "fixture")
 *   FIX_REFUSE        the entry returns NULL
 *   FIX_MISSING_OP    txn_commit is NULL
 *   FIX_NO_VTABLE     vtable is NULL
 *   FIX_SMALL_VTABLE  vtable struct_size is 16
 *   FIX_OPEN_FAILS    open() fails with DFS_ERR_INVAL and a message
 */
#include "dfs_abi.h"
#include <stdlib.h>

#ifndef FIX_KIND
#define FIX_KIND DFS_KIND_METADATA
#endif
#ifndef FIX_MAJOR
#define FIX_MAJOR DFS_ABI_MAJOR
#endif
#ifndef FIX_MINOR
#define FIX_MINOR DFS_ABI_MINOR
#endif
#ifndef FIX_NAME
#define FIX_NAME "fixture"
#endif

struct dfs_meta_store { int unused; };

static dfs_status fx_open(const char *cfg, const dfs_host_info *host, dfs_meta_store **out, dfs_error *err) {
    (void)cfg; (void)host;
#ifdef FIX_OPEN_FAILS
    (void)out;
    return dfs_error_set(err, DFS_ERR_INVAL, "fixture: unknown configuration key \"bogus\"");
#else
    (void)err;
    *out = calloc(1, sizeof(dfs_meta_store));
    return *out ? DFS_OK : DFS_ERR_NOMEM;
#endif
}
static void fx_close(dfs_meta_store *s) { free(s); }
static dfs_status fx_begin(dfs_meta_store *s, uint32_t f, dfs_meta_txn **o, dfs_error *e) {
    (void)s; (void)f; (void)o; return dfs_error_set(e, DFS_ERR_NOTSUP, "fixture: no transactions");
}
__attribute__((unused)) static dfs_status fx_commit(dfs_meta_txn *t, dfs_error *e) { (void)t; (void)e; return DFS_OK; }
static void fx_abort(dfs_meta_txn *t) { (void)t; }
static dfs_status fx_alloc(dfs_meta_store *s, uint32_t c, uint64_t *f, dfs_error *e) {
    (void)s; (void)c; (void)e; *f = 1; return DFS_OK;
}
#define NOTSUP_OP(name, ...) static dfs_status name(__VA_ARGS__) { return DFS_ERR_NOTSUP; }
NOTSUP_OP(fx_iget, dfs_meta_txn *t, uint64_t i, dfs_inode *o, uint8_t *b, uint32_t c, dfs_error *e)
NOTSUP_OP(fx_icreate, dfs_meta_txn *t, const dfs_inode *in, const uint8_t *b, uint32_t l, dfs_error *e)
NOTSUP_OP(fx_iupdate, dfs_meta_txn *t, const dfs_inode *in, dfs_error *e)
NOTSUP_OP(fx_idelete, dfs_meta_txn *t, uint64_t i, dfs_error *e)
NOTSUP_OP(fx_dlookup, dfs_meta_txn *t, uint64_t d, const uint8_t *n, uint32_t l, dfs_dirent *o, dfs_error *e)
NOTSUP_OP(fx_dinsert, dfs_meta_txn *t, uint64_t d, const uint8_t *n, uint32_t l, uint64_t i, uint32_t ty, uint64_t *c, dfs_error *e)
NOTSUP_OP(fx_dremove, dfs_meta_txn *t, uint64_t d, const uint8_t *n, uint32_t l, dfs_error *e)
NOTSUP_OP(fx_dlist, dfs_meta_txn *t, uint64_t d, uint64_t a, dfs_dirent_cb cb, void *ctx, dfs_error *e)
NOTSUP_OP(fx_rget, dfs_meta_txn *t, const uint8_t *s, uint32_t l, uint64_t *i, dfs_error *e)
NOTSUP_OP(fx_rset, dfs_meta_txn *t, const uint8_t *s, uint32_t l, uint64_t i, dfs_error *e)
NOTSUP_OP(fx_rremove, dfs_meta_txn *t, const uint8_t *s, uint32_t l, dfs_error *e)
NOTSUP_OP(fx_rlist, dfs_meta_txn *t, dfs_root_cb cb, void *ctx, dfs_error *e)
NOTSUP_OP(fx_kget, dfs_meta_txn *t, const uint8_t *k, uint32_t kl, uint8_t *v, uint32_t c, uint32_t *vl, dfs_error *e)
NOTSUP_OP(fx_kput, dfs_meta_txn *t, const uint8_t *k, uint32_t kl, const uint8_t *v, uint32_t vl, dfs_error *e)
NOTSUP_OP(fx_kdelete, dfs_meta_txn *t, const uint8_t *k, uint32_t kl, dfs_error *e)
NOTSUP_OP(fx_kscan, dfs_meta_txn *t, const uint8_t *s, uint32_t sl, const uint8_t *en, uint32_t el, dfs_kv_cb cb, void *ctx, dfs_error *e)

static const dfs_meta_vtable vtable = {
#ifdef FIX_SMALL_VTABLE
    .struct_size = 16,
#else
    .struct_size = sizeof(dfs_meta_vtable),
#endif
    .open = fx_open, .close = fx_close,
    .txn_begin = fx_begin,
#ifndef FIX_MISSING_OP
    .txn_commit = fx_commit,
#endif
    .txn_abort = fx_abort, .alloc_ids = fx_alloc,
    .inode_get = fx_iget, .inode_create = fx_icreate, .inode_update = fx_iupdate, .inode_delete = fx_idelete,
    .dirent_lookup = fx_dlookup, .dirent_insert = fx_dinsert, .dirent_remove = fx_dremove, .dirent_list = fx_dlist,
    .root_get = fx_rget, .root_set = fx_rset, .root_remove = fx_rremove, .root_list = fx_rlist,
    .kv_get = fx_kget, .kv_put = fx_kput, .kv_delete = fx_kdelete, .kv_scan = fx_kscan,
    .statfs = NULL,
};

static const dfs_plugin_descriptor descriptor = {
    .struct_size = sizeof(dfs_plugin_descriptor),
    .abi_major = FIX_MAJOR,
    .abi_minor = FIX_MINOR,
    .kind = FIX_KIND,
    .name = FIX_NAME,
    .version = "9.9.9",
    .description = "loader test fixture",
    .capabilities = DFS_CAP_NONBLOCKING | DFS_META_CAP_TRANSACTIONS,
#ifdef FIX_NO_VTABLE
    .vtable = NULL,
#else
    .vtable = &vtable,
#endif
};

__attribute__((visibility("default")))
const dfs_plugin_descriptor *dfs_plugin_entry(const dfs_host_info *host) {
    (void)host;
#ifdef FIX_REFUSE
    return NULL;
#else
    return &descriptor;
#endif
}
