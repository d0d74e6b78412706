/*
 * dfs_adapter.h — DittoFS plugin ABI v1: protocol adapters and the host
 * services they call.
 *
 * An adapter (NFS, SMB, ...) owns a listening socket and a wire protocol. It
 * never touches a store: every file operation goes through the HOST SERVICES
 * table it receives at create(), which applies share permissions, POSIX
 * rules and caching identically for every protocol.
 *
 * Non-blocking contract
 *   Host file operations are ASYNCHRONOUS: each takes a completion callback
 *   `done(ctx, status, result, detail)` which the host calls exactly once —
 *   possibly before the op returns (fast, non-blocking stores), possibly
 *   later from a host worker thread (stores that block). `result` and
 *   `detail` are borrowed for the duration of the callback only. Every
 *   pointer the adapter passes INTO an asynchronous op (credentials, handles,
 *   names, write data) must stay valid until `done` has been called: the
 *   host reads them from its worker thread without copying (a 1 MiB WRITE
 *   is not copied on its way to the store). An adapter
 *   must therefore never wait for a completion on its event-loop thread; it
 *   hops back to its loop from inside `done`. The op itself never blocks.
 *
 * File handles are opaque to adapters: at most DFS_FH_MAX bytes, stable
 * across server restarts for persistent stores, and compared bytewise.
 * A handle for a deleted file yields DFS_ERR_STALE, a garbled one
 * DFS_ERR_BADHANDLE.
 *
 * Stability note: the adapter section of ABI 1.0 is exercised first by the
 * NFSv3 adapter; after the first tagged release it is append-only like the
 * rest of the ABI.
 */
#ifndef DFS_ADAPTER_H
#define DFS_ADAPTER_H

#include "dfs_common.h"
#include "dfs_metadata.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DFS_FH_MAX 64u

/** An opaque file handle. */
typedef struct dfs_fh {
    uint32_t len;                 /* 1..DFS_FH_MAX */
    uint8_t  data[DFS_FH_MAX];
} dfs_fh;

/* Credential flavours. */
enum {
    DFS_AUTH_NONE = 0,
    DFS_AUTH_SYS  = 1,   /* uid/gid/groups asserted by the client (NFS AUTH_SYS) */
    DFS_AUTH_USER = 2    /* a user authenticated by the host (NTLM, Kerberos) */
};

/** Who is asking. Borrowed for the call; the host copies what it keeps. */
typedef struct dfs_cred {
    uint32_t struct_size;
    uint32_t flavor;          /* DFS_AUTH_* */
    uint32_t uid;
    uint32_t gid;
    uint32_t ngroups;         /* supplementary groups */
    uint32_t reserved;
    const uint32_t *groups;
    const char *principal;    /* DFS_AUTH_USER: the user name; else NULL */
    const char *client_addr;  /* "ip" or "[ipv6]" of the peer, for share client lists */
    uint32_t client_port;     /* peer's TCP/UDP source port (shares may require < 1024) */
    uint32_t reserved2;
} dfs_cred;

/* Identity mapping is the host's job: for DFS_AUTH_SYS and DFS_AUTH_NONE
 * credentials the host applies the share's squash policy (root squash by
 * default, all squash, none; anonymous uid/gid), its allowed-client list and
 * its privileged-port rule on every operation, identically for every
 * protocol. Adapters pass what the client asserted. */

/** File attributes as the host reports them. */
typedef struct dfs_attr {
    uint32_t struct_size;
    uint32_t type;            /* DFS_TYPE_* */
    uint32_t mode;            /* permission bits incl. setuid/setgid/sticky (07777) */
    uint32_t nlink;
    uint32_t uid;
    uint32_t gid;
    uint64_t size;
    uint64_t used;            /* bytes allocated */
    uint64_t rdev;            /* (major << 32) | minor */
    uint64_t fsid;            /* share id */
    uint64_t fileid;          /* inode number */
    uint64_t generation;
    uint64_t change;          /* change counter */
    uint64_t flags;
    dfs_timespec atime;
    dfs_timespec mtime;
    dfs_timespec ctime;
    dfs_timespec btime;
} dfs_attr;

/* dfs_sattr.valid bits */
#define DFS_SET_MODE       1u
#define DFS_SET_UID        2u
#define DFS_SET_GID        4u
#define DFS_SET_SIZE       8u
#define DFS_SET_ATIME      16u  /* to sattr.atime */
#define DFS_SET_ATIME_NOW  32u  /* to the server's clock */
#define DFS_SET_MTIME      64u
#define DFS_SET_MTIME_NOW  128u

/** Attributes to change (setattr) or to give a new object (create). */
typedef struct dfs_sattr {
    uint32_t struct_size;
    uint32_t valid;           /* DFS_SET_* */
    uint32_t mode;
    uint32_t uid;
    uint32_t gid;
    uint32_t reserved;
    uint64_t size;
    dfs_timespec atime;
    dfs_timespec mtime;
} dfs_sattr;

/** Weak cache consistency data: attributes before and after an operation,
 *  captured atomically with it. has_pre / has_post say which are valid. */
typedef struct dfs_wcc {
    uint32_t has_pre;
    uint32_t has_post;
    uint64_t pre_size;
    dfs_timespec pre_mtime;
    dfs_timespec pre_ctime;
    dfs_attr post;
} dfs_wcc;

/** Result of lookup/create/mkdir/symlink/mknod/link: the object and its
 *  directory. */
typedef struct dfs_entry_result {
    uint32_t struct_size;
    uint32_t reserved;
    dfs_fh fh;
    dfs_attr attr;
    dfs_wcc dir;              /* the directory the name lives in */
} dfs_entry_result;

/** Result of setattr/remove/rmdir/commit on one object. */
typedef struct dfs_wcc_result {
    uint32_t struct_size;
    uint32_t reserved;
    dfs_wcc wcc;
} dfs_wcc_result;

/** Result of rename: both directories. */
typedef struct dfs_rename_result {
    uint32_t struct_size;
    uint32_t reserved;
    dfs_wcc from_dir;
    dfs_wcc to_dir;
} dfs_rename_result;

/** Result of read. `data` is borrowed for the callback. */
typedef struct dfs_read_result {
    uint32_t struct_size;
    uint32_t eof;             /* 1 when the read reached end of file */
    const uint8_t *data;
    uint32_t len;
    uint32_t reserved;
    dfs_attr attr;
} dfs_read_result;

/* Write stability, as in NFSv3. */
enum { DFS_UNSTABLE = 0, DFS_DATA_SYNC = 1, DFS_FILE_SYNC = 2 };

typedef struct dfs_write_result {
    uint32_t struct_size;
    uint32_t count;           /* bytes written */
    uint32_t committed;       /* DFS_UNSTABLE/DATA_SYNC/FILE_SYNC actually achieved */
    uint32_t reserved;
    uint64_t verifier;        /* write verifier: changes when the server restarts */
    dfs_wcc wcc;
} dfs_write_result;

/** Result of readlink. `target` is borrowed for the callback. */
typedef struct dfs_readlink_result {
    uint32_t struct_size;
    uint32_t len;
    const uint8_t *target;
    dfs_attr attr;
} dfs_readlink_result;

/** Result of access: which of the asked DFS_ACCESS_* bits are granted. */
#define DFS_ACCESS_READ    1u
#define DFS_ACCESS_LOOKUP  2u
#define DFS_ACCESS_MODIFY  4u
#define DFS_ACCESS_EXTEND  8u
#define DFS_ACCESS_DELETE  16u
#define DFS_ACCESS_EXECUTE 32u
typedef struct dfs_access_result {
    uint32_t struct_size;
    uint32_t granted;
    dfs_attr attr;
} dfs_access_result;

/** One readdir entry; `name` borrowed for the callback. `has_attr` is set
 *  when `plus` was asked and attributes were available. */
typedef struct dfs_readdir_entry {
    uint32_t struct_size;
    uint32_t has_attr;
    uint64_t fileid;
    uint64_t cookie;
    const uint8_t *name;
    uint32_t name_len;
    uint32_t type;
    dfs_fh fh;                /* valid when has_attr */
    dfs_attr attr;            /* valid when has_attr */
} dfs_readdir_entry;

typedef struct dfs_readdir_result {
    uint32_t struct_size;
    uint32_t eof;             /* 1 when no entries follow the last one given */
    uint64_t cookie_verifier; /* changes when cookies from before cannot be honoured */
    const dfs_readdir_entry *entries;
    uint32_t count;
    uint32_t reserved;
    dfs_attr dir_attr;
} dfs_readdir_result;

typedef struct dfs_statfs_result {
    uint32_t struct_size;
    uint32_t reserved;
    uint64_t bytes_total, bytes_free, bytes_avail;
    uint64_t files_total, files_free, files_avail;
    dfs_attr attr;
} dfs_statfs_result;

/** Share access level of a credential. */
enum { DFS_SHARE_NONE = 0, DFS_SHARE_READ = 1, DFS_SHARE_READ_WRITE = 2, DFS_SHARE_ADMIN = 3 };

/** What share_resolve() reports. */
typedef struct dfs_share_info {
    uint32_t struct_size;
    uint32_t access;          /* DFS_SHARE_* for the given credential */
    uint32_t read_only;       /* 1 when the share is read-only for everyone */
    uint32_t reserved;
    dfs_fh root;              /* handle of the share root */
    uint64_t share_id;
} dfs_share_info;

/** Completion callback: called exactly once per async op, see header text. */
typedef void (*dfs_done_fn)(void *ctx, dfs_status status, const void *result, const char *detail);

/* CREATE modes (NFSv3 createhow3). */
enum { DFS_CREATE_UNCHECKED = 0, DFS_CREATE_GUARDED = 1, DFS_CREATE_EXCLUSIVE = 2 };

/**
 * The host services an adapter receives at create(). Owned by the host; valid
 * until the adapter is destroyed. `host` is passed back as the first argument
 * of every function. Every function is thread-safe and never blocks (except
 * share_resolve of a path below a share, see there). The result type given
 * to `done` is named beside each op; it is NULL on failure.
 *
 * A `const dfs_sattr *sa` argument may be NULL for create/mkdir/symlink/mknod
 * ("set nothing"; NFSv3 EXCLUSIVE CREATE carries no attributes) and must not
 * be NULL for setattr. NULL for any other pointer argument gives
 * DFS_ERR_INVAL through `done`. When the host's work queue is full an op
 * fails at once with DFS_ERR_AGAIN (NFS: JUKEBOX; the client retries).
 */
typedef struct dfs_host_services {
    uint32_t struct_size;
    uint32_t reserved;
    void *host;

    /* ---- synchronous, non-blocking ---------------------------------------- */
    void (*log)(void *host, int32_t level, const char *msg);
    /** Resolve an export path for `cred`: a share name, or a path below a
     *  share ("/export/a/b"; the longest share-name prefix wins and the rest
     *  is looked up as `cred`). The caller sets out->struct_size; out->root is
     *  the handle of the directory the path names. DFS_ERR_NOENT: no such
     *  share or path; DFS_ERR_ACCES: the credential or its client address may
     *  not use it. Note: a path below the share root needs metadata lookups,
     *  which may block for a blocking metadata store (MOUNT is rare). */
    dfs_status (*share_resolve)(void *host, const char *share, const dfs_cred *cred,
                                dfs_share_info *out, dfs_error *err);
    /** Call `cb(ctx, name)` for every share visible to `cred`; `cb` returns
     *  0 to continue, non-zero to stop. */
    dfs_status (*share_list)(void *host, const dfs_cred *cred,
                             int (*cb)(void *ctx, const char *name), void *ctx, dfs_error *err);

    /* ---- asynchronous file operations --------------------------------------- */
    void (*getattr)(void *host, const dfs_cred *c, const dfs_fh *fh,
                    dfs_done_fn done, void *ctx);                         /* dfs_attr */
    /** `guard_ctime` non-NULL: fail with DFS_ERR_BUSY when the object's
     *  ctime differs from it (NFSv3 sattrguard3 / NFS3ERR_NOT_SYNC). */
    void (*setattr)(void *host, const dfs_cred *c, const dfs_fh *fh, const dfs_sattr *sa,
                    const dfs_timespec *guard_ctime, dfs_done_fn done, void *ctx); /* dfs_wcc_result */
    void (*lookup)(void *host, const dfs_cred *c, const dfs_fh *dir,
                   const uint8_t *name, uint32_t name_len,
                   dfs_done_fn done, void *ctx);                          /* dfs_entry_result */
    void (*access)(void *host, const dfs_cred *c, const dfs_fh *fh, uint32_t mask,
                   dfs_done_fn done, void *ctx);                          /* dfs_access_result */
    void (*readlink)(void *host, const dfs_cred *c, const dfs_fh *fh,
                     dfs_done_fn done, void *ctx);                        /* dfs_readlink_result */
    void (*read)(void *host, const dfs_cred *c, const dfs_fh *fh, uint64_t offset,
                 uint32_t count, dfs_done_fn done, void *ctx);            /* dfs_read_result */
    void (*write)(void *host, const dfs_cred *c, const dfs_fh *fh, uint64_t offset,
                  const uint8_t *data, uint32_t len, uint32_t stability,
                  dfs_done_fn done, void *ctx);                           /* dfs_write_result */
    /** `how` DFS_CREATE_*; `verifier` for EXCLUSIVE. */
    void (*create)(void *host, const dfs_cred *c, const dfs_fh *dir,
                   const uint8_t *name, uint32_t name_len, uint32_t how,
                   const dfs_sattr *sa, uint64_t verifier,
                   dfs_done_fn done, void *ctx);                          /* dfs_entry_result */
    void (*mkdir)(void *host, const dfs_cred *c, const dfs_fh *dir,
                  const uint8_t *name, uint32_t name_len, const dfs_sattr *sa,
                  dfs_done_fn done, void *ctx);                           /* dfs_entry_result */
    void (*symlink)(void *host, const dfs_cred *c, const dfs_fh *dir,
                    const uint8_t *name, uint32_t name_len,
                    const uint8_t *target, uint32_t target_len, const dfs_sattr *sa,
                    dfs_done_fn done, void *ctx);                         /* dfs_entry_result */
    void (*mknod)(void *host, const dfs_cred *c, const dfs_fh *dir,
                  const uint8_t *name, uint32_t name_len, uint32_t type, uint64_t rdev,
                  const dfs_sattr *sa, dfs_done_fn done, void *ctx);      /* dfs_entry_result */
    void (*remove)(void *host, const dfs_cred *c, const dfs_fh *dir,
                   const uint8_t *name, uint32_t name_len,
                   dfs_done_fn done, void *ctx);                          /* dfs_wcc_result (dir) */
    void (*rmdir)(void *host, const dfs_cred *c, const dfs_fh *dir,
                  const uint8_t *name, uint32_t name_len,
                  dfs_done_fn done, void *ctx);                           /* dfs_wcc_result (dir) */
    void (*rename)(void *host, const dfs_cred *c,
                   const dfs_fh *from_dir, const uint8_t *from, uint32_t from_len,
                   const dfs_fh *to_dir, const uint8_t *to, uint32_t to_len,
                   dfs_done_fn done, void *ctx);                          /* dfs_rename_result */
    void (*link)(void *host, const dfs_cred *c, const dfs_fh *fh, const dfs_fh *dir,
                 const uint8_t *name, uint32_t name_len,
                 dfs_done_fn done, void *ctx);                            /* dfs_entry_result */
    /** Entries after `cookie` (0: from the start) until about `max_bytes` of
     *  names (plus attributes when `plus`) are gathered. Cookies are stable
     *  (see dirent_list), so an old `cookie_verifier` is accepted; a
     *  directory that is gone yields DFS_ERR_STALE. */
    void (*readdir)(void *host, const dfs_cred *c, const dfs_fh *dir, uint64_t cookie,
                    uint64_t cookie_verifier, uint32_t max_bytes, uint32_t plus,
                    dfs_done_fn done, void *ctx);                         /* dfs_readdir_result */
    void (*statfs)(void *host, const dfs_cred *c, const dfs_fh *fh,
                   dfs_done_fn done, void *ctx);                          /* dfs_statfs_result */
    void (*commit)(void *host, const dfs_cred *c, const dfs_fh *fh, uint64_t offset,
                   uint64_t count, dfs_done_fn done, void *ctx);          /* dfs_write_result (count 0) */

    /* ---- appended (ABI 1.0, before the first tagged release — see the
     *      stability note at the top; an adapter still checks struct_size
     *      with DFS_HAS_MEMBER, so an older host simply lacks it) --------- */
    /** `read` without a copy: the host stores the data straight into `buf`,
     *  which the adapter owns, which holds at least `count` bytes, and which
     *  the adapter keeps valid (and does not touch) until `done` has been
     *  called — like write data. On success the result's `data` is `buf` and
     *  `len` the bytes stored at its start (holes read as zeros); on failure
     *  `buf`'s contents are unspecified. Everything else is as for `read`
     *  (the same caps, eof, attributes, errors and threads). NULL from an
     *  older host: use `read`. */
    void (*read_into)(void *host, const dfs_cred *c, const dfs_fh *fh, uint64_t offset,
                      uint32_t count, uint8_t *buf,
                      dfs_done_fn done, void *ctx);                       /* dfs_read_result */
} dfs_host_services;

typedef struct dfs_adapter dfs_adapter; /* an adapter instance (opaque) */

/** The adapter vtable (descriptor.vtable when kind == DFS_KIND_ADAPTER). */
typedef struct dfs_adapter_vtable {
    uint32_t struct_size;
    uint32_t reserved;

    /** Create an instance from JSON settings (borrowed; e.g. {"port":12049,
     *  "bind":"127.0.0.1"}). Validates them (DFS_ERR_INVAL naming the key)
     *  but does not listen yet. `services` stays valid until destroy(). */
    dfs_status (*create)(const char *settings_json, const dfs_host_info *host,
                         const dfs_host_services *services, dfs_adapter **out, dfs_error *err);

    /** Bind and start serving. Returns once the socket listens (or failed:
     *  e.g. DFS_ERR_BUSY for an address in use). */
    dfs_status (*start)(dfs_adapter *a, dfs_error *err);

    /** Stop accepting, let in-flight requests finish for up to `timeout_ms`,
     *  then close every connection. Returns once stopped. Idempotent. */
    dfs_status (*stop)(dfs_adapter *a, uint32_t timeout_ms, dfs_error *err);

    /** Write a JSON object with the adapter's state and counters into `buf`
     *  (caller-owned) and set *len. Too small: DFS_ERR_RANGE with *len set
     *  to the needed size. */
    dfs_status (*status)(dfs_adapter *a, char *buf, uint32_t cap, uint32_t *len, dfs_error *err);

    /** Release an instance; stop() has returned. */
    void (*destroy)(dfs_adapter *a);

    /** OPTIONAL. Apply new settings live; DFS_ERR_NOTSUP when a setting needs
     *  a restart (the host then does stop/destroy/create/start). */
    dfs_status (*reconfigure)(dfs_adapter *a, const char *settings_json, dfs_error *err);
} dfs_adapter_vtable;

#ifdef __cplusplus
}
#endif
#endif /* DFS_ADAPTER_H */
