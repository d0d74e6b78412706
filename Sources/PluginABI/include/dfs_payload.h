/*
 * dfs_payload.h — DittoFS plugin ABI v1: the payload (block) store.
 *
 * A payload store keeps opaque BLOCKS by KEY. The host cuts files into
 * blocks, names them, decides when to write and when to delete; the store
 * only stores bytes. Keys are byte strings of 1..DFS_BLOCK_KEY_MAX bytes and
 * may contain ANY byte ('/', '..', '%', spaces, NUL, non-UTF-8): a store must
 * round-trip every key exactly and must never let a key address anything
 * outside its own storage (no path traversal). Blocks are 0..DFS_BLOCK_MAX
 * bytes. An empty key is DFS_ERR_INVAL, a longer one DFS_ERR_NAMETOOLONG, a
 * larger block DFS_ERR_INVAL (DFS_ERR_FBIG is accepted too).
 *
 * Semantics
 *   put     replaces the whole block atomically: a concurrent or later get
 *           sees either the old block or the new one, never a mix or a
 *           truncated block, even after a crash (write to a temporary object
 *           and rename, or the backend's own atomic PUT).
 *   get     reads a byte range of one block.
 *   delete  is idempotent: deleting an absent key succeeds.
 *   list    returns keys in ascending byte order (memcmp, shorter first).
 *
 * Threading: every op is thread-safe and may be called concurrently for the
 * same or different keys; concurrent puts of one key end with one of them.
 * A store that may block (disk, network) must not set DFS_CAP_NONBLOCKING.
 */
#ifndef DFS_PAYLOAD_H
#define DFS_PAYLOAD_H

#include "dfs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DFS_BLOCK_KEY_MAX 1024u
#define DFS_BLOCK_MAX     67108864u /* 64 MiB */

/* Payload-specific capability bits (bits 32..63). */
#define DFS_PAYLOAD_CAP_RANGE_GET 0x100000000ull /* bit 32 */ /* get of a sub-range costs less than the whole block */
#define DFS_PAYLOAD_CAP_STATFS 0x200000000ull /* bit 33 */ /* statfs() reports real capacity */

/* put() flags */
#define DFS_PUT_DURABLE 1u /* return only once the block is on stable storage */

typedef struct dfs_payload_store dfs_payload_store; /* an open instance (opaque) */

typedef struct dfs_payload_statfs {
    uint32_t struct_size;
    uint32_t reserved;
    uint64_t bytes_total;   /* UINT64_MAX: unknown / unlimited */
    uint64_t bytes_free;    /* UINT64_MAX: unknown / unlimited */
} dfs_payload_statfs;

/** list() callback: `key` is borrowed for the call. Return 0 to continue,
 *  non-zero to stop early (list then returns DFS_OK). */
typedef int (*dfs_key_cb)(void *ctx, const uint8_t *key, uint32_t key_len, uint64_t size);

/** The payload store vtable (descriptor.vtable when kind == DFS_KIND_PAYLOAD).
 *  All operations are REQUIRED unless marked OPTIONAL. */
typedef struct dfs_payload_vtable {
    uint32_t struct_size;
    uint32_t reserved;

    /** Open an instance from a JSON object (borrowed). Bad config fails with
     *  DFS_ERR_INVAL and a message naming the key. May block. */
    dfs_status (*open)(const char *config_json, const dfs_host_info *host,
                       dfs_payload_store **out, dfs_error *err);

    /** Close an instance; no call is in flight. `store` is invalid afterwards. */
    void (*close)(dfs_payload_store *store);

    /** Store `len` bytes of `data` (borrowed) as block `key`, replacing any
     *  previous block atomically. With DFS_PUT_DURABLE, return only once the
     *  block (and its name) is on stable storage. */
    dfs_status (*put)(dfs_payload_store *store, const uint8_t *key, uint32_t key_len,
                      const uint8_t *data, uint32_t len, uint32_t flags, dfs_error *err);

    /** Copy up to `len` bytes of block `key` starting at `offset` into `buf`
     *  (caller-owned) and set *nread. *nread < len only when the block ends
     *  first; an offset at or past the end gives *nread = 0 and DFS_OK.
     *  DFS_ERR_NOENT when the block does not exist. */
    dfs_status (*get)(dfs_payload_store *store, const uint8_t *key, uint32_t key_len,
                      uint64_t offset, uint8_t *buf, uint32_t len, uint32_t *nread,
                      dfs_error *err);

    /** Remove block `key`; DFS_OK when it did not exist. */
    dfs_status (*del)(dfs_payload_store *store, const uint8_t *key, uint32_t key_len,
                      dfs_error *err);

    /** Size of block `key` in *size. DFS_ERR_NOENT when absent. */
    dfs_status (*stat)(dfs_payload_store *store, const uint8_t *key, uint32_t key_len,
                       uint64_t *size, dfs_error *err);

    /** Call `cb` for every key that starts with `prefix` (may be empty) and is
     *  greater than `start_after` (NULL / 0: from the first), ascending, until
     *  it returns non-zero. Keys put or deleted during the listing may or may
     *  not appear. */
    dfs_status (*list)(dfs_payload_store *store, const uint8_t *prefix, uint32_t prefix_len,
                       const uint8_t *start_after, uint32_t start_after_len,
                       dfs_key_cb cb, void *ctx, dfs_error *err);

    /** OPTIONAL. Make every put that returned before this call durable.
     *  NULL: puts without DFS_PUT_DURABLE are already durable or the store
     *  is not persistent. */
    dfs_status (*sync)(dfs_payload_store *store, dfs_error *err);

    /** OPTIONAL. Capacity. NULL: unknown. */
    dfs_status (*statfs)(dfs_payload_store *store, dfs_payload_statfs *out, dfs_error *err);
} dfs_payload_vtable;

#ifdef __cplusplus
}
#endif
#endif /* DFS_PAYLOAD_H */
