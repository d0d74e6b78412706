/*
 * dfs_metadata.h — DittoFS plugin ABI v1: the metadata store.
 *
 * A metadata store keeps TYPED RECORDS IN TRANSACTIONS and nothing more. It
 * does not know POSIX: the host's file-system core decides what a rename or
 * an unlink means, checks permissions, keeps link counts and times, and only
 * asks the store to read and write records. A store therefore never checks
 * that a directory entry points at an existing inode, that a parent is a
 * directory, or that a name is valid beyond the limits below — it stores what
 * it is given, exactly, and returns it byte for byte.
 *
 * Records
 *   inode      keyed by a 64-bit inode number (ino > 0): the dfs_inode struct,
 *              plus, for symbolic links, the target bytes.
 *   dirent     keyed by (directory ino, name bytes): the child ino, its file
 *              type, and a COOKIE the store assigns at insert.
 *   root       keyed by share name bytes: the ino of that share's root.
 *   kv         keyed by arbitrary bytes: an ordered key/value space the host
 *              uses for its own persistent state (block maps, lock recovery,
 *              durable handles, quota counters, per-share settings). Ordered
 *              by unsigned byte-wise comparison (memcmp, shorter prefix first).
 *
 * Transactions
 *   Every record operation runs inside a transaction. A transaction sees its
 *   own writes (read-your-writes) and never sees another transaction's
 *   uncommitted writes. Commit is atomic: all of a transaction's writes
 *   become visible together or none do; abort discards them all. The store
 *   must be at least SERIALIZABLE for read-write transactions over the
 *   records they touched: if transaction B read or wrote a record that
 *   transaction A changed and A committed first, B's commit (or an earlier
 *   op of B) returns DFS_ERR_RETRY. The same holds for a dirent_list,
 *   root_list or kv_scan range that another transaction inserted into or
 *   removed from (phantoms). The caller then aborts and runs the whole
 *   transaction again. Any other error (NOENT, EXIST, INVAL, RANGE, ...)
 *   leaves the transaction usable: the failed op changed nothing.
 *   A store must never block forever waiting for another transaction: a
 *   store that uses locks returns DFS_ERR_RETRY when its lock wait times out.
 *   Read-only transactions (DFS_TXN_READONLY) see a consistent snapshot and
 *   never return DFS_ERR_RETRY from commit; writes in them fail DFS_ERR_INVAL.
 *
 * Durability
 *   When the store has DFS_CAP_DURABLE, a successful txn_commit() has reached
 *   stable storage (unless the store's own config relaxed it). Without it,
 *   committed data survives close + open when the store has
 *   DFS_CAP_PERSISTENT, and is lost with the process otherwise.
 *
 * Limits
 *   names: 1..DFS_NAME_MAX bytes; symlink targets: 1..DFS_SYMLINK_MAX bytes;
 *   kv keys: 1..DFS_KV_KEY_MAX bytes; kv values: 0..DFS_KV_VALUE_MAX bytes;
 *   share names: 1..DFS_NAME_MAX bytes. Longer input returns
 *   DFS_ERR_NAMETOOLONG (values: DFS_ERR_INVAL); empty names/keys DFS_ERR_INVAL.
 */
#ifndef DFS_METADATA_H
#define DFS_METADATA_H

#include "dfs_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DFS_NAME_MAX      255u
#define DFS_SYMLINK_MAX   4096u
#define DFS_KV_KEY_MAX    1024u
#define DFS_KV_VALUE_MAX  1048576u /* 1 MiB */

/* Metadata-specific capability bits (bits 32..63 of the descriptor mask). */
#define DFS_META_CAP_TRANSACTIONS 0x100000000ull /* bit 32 */ /* always set in v1: transactions as described above */
#define DFS_META_CAP_STATFS 0x200000000ull /* bit 33 */ /* statfs() reports real limits */

/* File types as stored in a dirent and in (dfs_inode.mode & DFS_S_IFMT) >> 12.
 * The values are the traditional S_IFMT values, so they equal the Linux
 * d_type values. */
#define DFS_S_IFMT   0170000u
enum {
    DFS_TYPE_FIFO = 1,
    DFS_TYPE_CHR  = 2,
    DFS_TYPE_DIR  = 4,
    DFS_TYPE_BLK  = 6,
    DFS_TYPE_REG  = 8,
    DFS_TYPE_LNK  = 10,
    DFS_TYPE_SOCK = 12
};

typedef struct dfs_timespec {
    int64_t  sec;       /* seconds since the Unix epoch, may be negative */
    uint32_t nsec;      /* 0..999,999,999 */
    uint32_t reserved;  /* zero */
} dfs_timespec;

/**
 * An inode record. The store persists every member verbatim (all 32 bits of
 * `mode`, every bit of every 64-bit member, full nanoseconds) and returns it
 * unchanged; it interprets none of them.
 */
typedef struct dfs_inode {
    uint32_t struct_size;  /* sizeof(dfs_inode) as the writer knows it */
    uint32_t mode;         /* file type (DFS_S_IFMT bits) | permission bits incl. setuid/setgid/sticky */
    uint64_t ino;          /* > 0; the record key */
    uint64_t generation;   /* host-chosen; part of file handles */
    uint64_t size;         /* bytes (files), target length (symlinks), host-defined (dirs) */
    uint32_t nlink;
    uint32_t uid;
    uint32_t gid;
    uint32_t target_len;   /* symlinks: target length. Set by the store on get; ignored on create/update */
    uint64_t rdev;         /* devices: (major << 32) | minor */
    uint64_t parent;       /* directories: ino of the containing directory (a root: itself); others: 0 */
    uint64_t change;       /* host-maintained change counter (NFSv4 change attribute) */
    uint64_t flags;        /* host-defined flag bits (e.g. DOS attributes); stored verbatim */
    dfs_timespec atime;
    dfs_timespec mtime;
    dfs_timespec ctime;
    dfs_timespec btime;    /* birth (creation) time */
} dfs_inode;

/** One directory entry as reported by dirent_lookup() / dirent_list(). */
typedef struct dfs_dirent {
    uint32_t struct_size;
    uint32_t type;         /* DFS_TYPE_* given at insert */
    uint64_t ino;          /* child inode */
    uint64_t cookie;       /* see dirent_insert() */
    const uint8_t *name;   /* borrowed: valid during the call/callback only; not NUL-terminated */
    uint32_t name_len;
    uint32_t reserved;
} dfs_dirent;

/** Capacity figures for statfs(); UINT64_MAX means "unlimited / unknown". */
typedef struct dfs_meta_statfs {
    uint32_t struct_size;
    uint32_t reserved;
    uint64_t inodes_total;
    uint64_t inodes_free;
} dfs_meta_statfs;

/** Listing callbacks. `entry` / `key` / `value` are borrowed for the call.
 *  Return 0 to continue, non-zero to stop the listing early (the listing op
 *  then returns DFS_OK). A callback must not use the same transaction. */
typedef int (*dfs_dirent_cb)(void *ctx, const dfs_dirent *entry);
typedef int (*dfs_root_cb)(void *ctx, const uint8_t *share, uint32_t share_len, uint64_t ino);
typedef int (*dfs_kv_cb)(void *ctx, const uint8_t *key, uint32_t key_len,
                         const uint8_t *value, uint32_t value_len);

typedef struct dfs_meta_store dfs_meta_store; /* an open store instance (opaque) */
typedef struct dfs_meta_txn   dfs_meta_txn;   /* a transaction (opaque) */

/* txn_begin() flags */
#define DFS_TXN_READONLY  1u

/**
 * The metadata store vtable (descriptor.vtable when kind == DFS_KIND_METADATA).
 * All operations are REQUIRED unless marked OPTIONAL.
 */
typedef struct dfs_meta_vtable {
    uint32_t struct_size;
    uint32_t reserved;

    /* ---- instance lifecycle ---------------------------------------------- */

    /** Open an instance. `config_json` is a UTF-8 JSON object (borrowed; "{}"
     *  means defaults). Validate it: an unknown key, a wrong type or a bad
     *  value fails with DFS_ERR_INVAL and a message NAMING THE KEY. On success
     *  store *out. May block (opening files, connecting). Thread-safe. */
    dfs_status (*open)(const char *config_json, const dfs_host_info *host,
                       dfs_meta_store **out, dfs_error *err);

    /** Close an instance. The host has finished or aborted every transaction
     *  first. Releases everything; `store` is invalid afterwards. */
    void (*close)(dfs_meta_store *store);

    /* ---- transactions ---------------------------------------------------- */

    /** Start a transaction (flags: DFS_TXN_*). Thread-safe; many transactions
     *  may be open at once, from one thread or many. A transaction object is
     *  used by one thread at a time. */
    dfs_status (*txn_begin)(dfs_meta_store *store, uint32_t flags,
                            dfs_meta_txn **out, dfs_error *err);

    /** Commit and FREE the transaction, whatever the result. DFS_ERR_RETRY
     *  means a conflict: nothing was applied. */
    dfs_status (*txn_commit)(dfs_meta_txn *txn, dfs_error *err);

    /** Discard every write and FREE the transaction. Never fails. */
    void (*txn_abort)(dfs_meta_txn *txn);

    /* ---- id allocation (outside transactions) ------------------------------ */

    /** Reserve `count` (>= 1) consecutive fresh inode numbers and store the
     *  first in *first. Numbers are > 0, never handed out twice by this store
     *  (not even after close + open for persistent stores, nor across hosts
     *  for DFS_CAP_SHARED stores) and not transactional: an aborted
     *  transaction does not give them back. Thread-safe. */
    dfs_status (*alloc_ids)(dfs_meta_store *store, uint32_t count,
                            uint64_t *first, dfs_error *err);

    /* ---- inodes ------------------------------------------------------------ */

    /** Read inode `ino` into *out (the caller sets out->struct_size). For a
     *  symlink, out->target_len is its target length, and when `target` is
     *  non-NULL the target is copied into it; if target_cap < target_len,
     *  nothing is copied and DFS_ERR_RANGE is returned (target_len still set).
     *  DFS_ERR_NOENT when absent. */
    dfs_status (*inode_get)(dfs_meta_txn *txn, uint64_t ino, dfs_inode *out,
                            uint8_t *target, uint32_t target_cap, dfs_error *err);

    /** Create inode in->ino (> 0, else DFS_ERR_INVAL). `target`/`target_len`
     *  are the symlink target (borrowed) and are immutable afterwards: for a
     *  symlink 1..DFS_SYMLINK_MAX bytes (empty: DFS_ERR_INVAL; too long:
     *  DFS_ERR_NAMETOOLONG); for other types normally NULL/0, stored as given
     *  otherwise. DFS_ERR_EXIST when the ino is already present. */
    dfs_status (*inode_create)(dfs_meta_txn *txn, const dfs_inode *in,
                               const uint8_t *target, uint32_t target_len, dfs_error *err);

    /** Replace every member of existing inode in->ino (the symlink target and
     *  in->target_len are kept as they were). DFS_ERR_NOENT when absent. */
    dfs_status (*inode_update)(dfs_meta_txn *txn, const dfs_inode *in, dfs_error *err);

    /** Delete inode `ino` (and its symlink target). Does not touch dirents or
     *  kv records. DFS_ERR_NOENT when absent. */
    dfs_status (*inode_delete)(dfs_meta_txn *txn, uint64_t ino, dfs_error *err);

    /* ---- directory entries -------------------------------------------------- */

    /** Look up `name` in directory `dir`; fill *out (out->name points at the
     *  caller's `name`). DFS_ERR_NOENT when absent. Names compare as raw
     *  bytes: no case folding, no Unicode normalisation. */
    dfs_status (*dirent_lookup)(dfs_meta_txn *txn, uint64_t dir,
                                const uint8_t *name, uint32_t name_len,
                                dfs_dirent *out, dfs_error *err);

    /** Insert entry `name` -> (`ino`, `type`) in `dir`. DFS_ERR_EXIST when the
     *  name is present. The store assigns the entry a COOKIE: > 0, < 2^62,
     *  greater than every cookie it ever assigned in this directory (cookies
     *  are never reused, not even after a remove, and stay with the entry
     *  until it is removed). *cookie_out receives it when non-NULL.
     *  Commit order: an entry must never become visible with a cookie lower
     *  than that of an entry already committed in the same directory (a
     *  listing resumed from that higher cookie would miss it). A store that
     *  hands out cookies at insert time therefore treats an insert as a read
     *  of the directory's higher cookies: of two transactions inserting into
     *  one directory, the one holding the lower cookie gets DFS_ERR_RETRY if
     *  the other commits first. */
    dfs_status (*dirent_insert)(dfs_meta_txn *txn, uint64_t dir,
                                const uint8_t *name, uint32_t name_len,
                                uint64_t ino, uint32_t type,
                                uint64_t *cookie_out, dfs_error *err);

    /** Remove entry `name` from `dir`. DFS_ERR_NOENT when absent. */
    dfs_status (*dirent_remove)(dfs_meta_txn *txn, uint64_t dir,
                                const uint8_t *name, uint32_t name_len, dfs_error *err);

    /** Call `cb` for each entry of `dir` whose cookie is > `after_cookie`, in
     *  increasing cookie order, until it returns non-zero or entries run out.
     *  `after_cookie` 0 starts at the beginning. Resuming from the cookie of
     *  the last entry seen continues exactly after it, whatever was inserted
     *  or removed meanwhile: removed entries are not returned, entries
     *  inserted later appear after all older ones. An empty or unknown
     *  directory lists nothing (DFS_OK). */
    dfs_status (*dirent_list)(dfs_meta_txn *txn, uint64_t dir, uint64_t after_cookie,
                              dfs_dirent_cb cb, void *ctx, dfs_error *err);

    /* ---- per-share roots ---------------------------------------------------- */

    /** Root inode of share `share`. DFS_ERR_NOENT when unset. */
    dfs_status (*root_get)(dfs_meta_txn *txn, const uint8_t *share, uint32_t share_len,
                           uint64_t *ino, dfs_error *err);
    /** Set (insert or replace) the root inode of `share`. */
    dfs_status (*root_set)(dfs_meta_txn *txn, const uint8_t *share, uint32_t share_len,
                           uint64_t ino, dfs_error *err);
    /** Forget the root of `share`. DFS_ERR_NOENT when unset. */
    dfs_status (*root_remove)(dfs_meta_txn *txn, const uint8_t *share, uint32_t share_len,
                              dfs_error *err);
    /** Call `cb` for every share root, in byte order of the share name. */
    dfs_status (*root_list)(dfs_meta_txn *txn, dfs_root_cb cb, void *ctx, dfs_error *err);

    /* ---- host key/value space ----------------------------------------------- */

    /** Copy the value of `key` into `value` (capacity `value_cap`) and set
     *  *value_len. When the value does not fit (value_cap too small, or
     *  `value` NULL for a non-empty value) nothing is copied, *value_len is
     *  set to the needed size and DFS_ERR_RANGE is returned. An empty value
     *  gives DFS_OK with *value_len = 0 whatever `value` is. DFS_ERR_NOENT
     *  when absent. */
    dfs_status (*kv_get)(dfs_meta_txn *txn, const uint8_t *key, uint32_t key_len,
                         uint8_t *value, uint32_t value_cap, uint32_t *value_len,
                         dfs_error *err);
    /** Insert or replace. */
    dfs_status (*kv_put)(dfs_meta_txn *txn, const uint8_t *key, uint32_t key_len,
                         const uint8_t *value, uint32_t value_len, dfs_error *err);
    /** Delete. DFS_ERR_NOENT when absent. */
    dfs_status (*kv_delete)(dfs_meta_txn *txn, const uint8_t *key, uint32_t key_len,
                            dfs_error *err);
    /** Call `cb` for every key k with start <= k < end (byte order), ascending.
     *  `end` NULL (end_len 0) means "to the end of the space"; `start` NULL
     *  (start_len 0) means "from the first key". */
    dfs_status (*kv_scan)(dfs_meta_txn *txn, const uint8_t *start, uint32_t start_len,
                          const uint8_t *end, uint32_t end_len,
                          dfs_kv_cb cb, void *ctx, dfs_error *err);

    /* ---- capacity ----------------------------------------------------------- */

    /** OPTIONAL. Inode capacity. NULL: unlimited. */
    dfs_status (*statfs)(dfs_meta_store *store, dfs_meta_statfs *out, dfs_error *err);
} dfs_meta_vtable;

#ifdef __cplusplus
}
#endif
#endif /* DFS_METADATA_H */
