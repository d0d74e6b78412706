/*
 * dfs_common.h — DittoFS plugin ABI: versioning, status codes, errors, the
 * plugin descriptor and the entry point. Part of ABI v1 (see dfs_abi.h).
 *
 * ---------------------------------------------------------------------------
 * THE RULES EVERY PLUGIN AND THE HOST FOLLOW
 * ---------------------------------------------------------------------------
 * Versioning
 *   DFS_ABI_MAJOR changes only when something is removed or changes meaning;
 *   a host refuses a plugin whose major differs from its own. DFS_ABI_MINOR
 *   grows when members are appended to a struct or vtable; a host refuses a
 *   plugin built against a NEWER minor than its own (the plugin might rely on
 *   members the host does not fill), and accepts any older minor, treating
 *   members past the plugin's struct_size as absent (NULL / zero).
 *
 * Structs
 *   Every struct that crosses the boundary begins with `uint32_t struct_size`,
 *   set by whoever fills the struct to sizeof() as it knows it. Members are
 *   only ever appended. A reader uses only the members that lie entirely
 *   within struct_size; a writer given an out-struct writes only the members
 *   that lie within the struct_size the caller set. DFS_HAS_MEMBER() does the
 *   check.
 *
 * Optional operations
 *   A vtable member that is NULL means "not supported". Each operation below
 *   says whether it is REQUIRED or OPTIONAL.
 *
 * Memory ownership
 *   The caller owns every buffer it passes. Pointers passed into a call are
 *   BORROWED: valid for the duration of that call (or that callback) only —
 *   copy what you keep. Nothing a plugin returns needs to be freed by the
 *   host unless the operation names the release function that frees it.
 *   Strings are UTF-8 and NUL-terminated unless a length is given beside them.
 *   Byte strings (names, keys, values) always come with an explicit length and
 *   may contain any byte, including NUL.
 *
 * Threading
 *   Every operation must be safe to call from any thread, concurrently with
 *   any other operation, except where an object is documented as
 *   single-threaded (a metadata transaction is used by one thread at a time,
 *   though it may move between threads between calls). Plugins that may block
 *   on disk or network must NOT set DFS_CAP_NONBLOCKING; the host then never
 *   calls them from an event-loop thread. Plugins must not call back into the
 *   host from inside a host callback unless that callback says so.
 *
 * Errors
 *   Every fallible operation returns a dfs_status (DFS_OK == 0) and takes a
 *   `dfs_error *err` that may be NULL. On failure the plugin sets err->code to
 *   the returned status and writes a short human-readable detail message into
 *   err->message (truncated to err->message_cap, always NUL-terminated).
 *   The host maps statuses to NFS3ERR_*, NFS4ERR_* and NTSTATUS in one table.
 *
 * Signals, exits, globals
 *   A plugin never calls exit(), abort() on bad input, or installs signal
 *   handlers. Several instances of one plugin may be open at once (different
 *   configs); keep state in the instance, not in globals.
 * ---------------------------------------------------------------------------
 */
#ifndef DFS_COMMON_H
#define DFS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define DFS_ABI_MAJOR 1
#define DFS_ABI_MINOR 0

/** The single symbol every plugin library exports. */
#define DFS_PLUGIN_ENTRY_SYMBOL "dfs_plugin_entry"

/** True when struct pointer `p` (whose first member is struct_size) carries
 *  `member` entirely within its declared size. */
#define DFS_HAS_MEMBER(p, type, member) \
    ((p) != NULL && (size_t)(p)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

/* ------------------------------------------------------------------------ */
/* Status codes: one errno-like set shared by every plugin kind.              */
/* Values are fixed forever; new codes are only appended.                     */
/* ------------------------------------------------------------------------ */
typedef int32_t dfs_status;

enum {
    DFS_OK              = 0,
    DFS_ERR_NOENT       = 1,  /* no such record / key / entry */
    DFS_ERR_EXIST       = 2,  /* record / entry already exists */
    DFS_ERR_NOTEMPTY    = 3,  /* directory not empty */
    DFS_ERR_NOTDIR      = 4,  /* not a directory */
    DFS_ERR_ISDIR       = 5,  /* is a directory */
    DFS_ERR_INVAL       = 6,  /* invalid argument (bad config, bad name, ...) */
    DFS_ERR_NOSPC       = 7,  /* no space left */
    DFS_ERR_STALE       = 8,  /* handle refers to something that no longer exists */
    DFS_ERR_BADHANDLE   = 9,  /* handle is malformed */
    DFS_ERR_IO          = 10, /* I/O error in the backend */
    DFS_ERR_RETRY       = 11, /* transaction conflict or lock timeout: abort and retry the whole transaction */
    DFS_ERR_PERM        = 12, /* operation not permitted (ownership rules) */
    DFS_ERR_ACCES       = 13, /* permission denied (mode bits, share permission) */
    DFS_ERR_NAMETOOLONG = 14, /* name or key longer than allowed */
    DFS_ERR_ROFS        = 15, /* read-only file system / share */
    DFS_ERR_NOTSUP      = 16, /* operation not supported */
    DFS_ERR_FBIG        = 17, /* file too large */
    DFS_ERR_XDEV        = 18, /* cross-share link or rename */
    DFS_ERR_MLINK       = 19, /* too many links */
    DFS_ERR_LOOP        = 20, /* too many symlink levels / directory loop */
    DFS_ERR_RANGE       = 21, /* caller's buffer too small: the needed size is reported */
    DFS_ERR_BUSY        = 22, /* resource busy (e.g. store in use) */
    DFS_ERR_AGAIN       = 23, /* temporarily unavailable (backend down, throttled); try later */
    DFS_ERR_NOMEM       = 24, /* out of memory */
    DFS_ERR_DQUOT       = 25, /* quota exceeded */
    DFS_ERR_CLOSED      = 26, /* object already closed / finished */
    DFS_ERR_VERSION     = 27, /* ABI or on-disk format version not supported */
    DFS_ERR_INTERNAL    = 28, /* bug in the plugin or host: a broken invariant */
    DFS_ERR_NXIO        = 29, /* no such device (special file opened as data) */
    DFS_ERR__COUNT      = 30  /* number of codes in this minor version; not a status */
};

/** Detail sink for a failed call. Caller-owned; `message` is caller-owned too.
 *  A plugin fills it with dfs_error_set() (C) or its own equivalent. */
typedef struct dfs_error {
    uint32_t struct_size;   /* set by the caller */
    dfs_status code;        /* set by the callee on failure */
    char *message;          /* caller buffer, may be NULL */
    uint32_t message_cap;   /* capacity of message in bytes, including the NUL */
} dfs_error;

/* ------------------------------------------------------------------------ */
/* Plugin kinds and capability bits                                           */
/* ------------------------------------------------------------------------ */
typedef uint32_t dfs_plugin_kind;
enum {
    DFS_KIND_METADATA = 1, /* vtable is const dfs_meta_vtable *    (dfs_metadata.h) */
    DFS_KIND_PAYLOAD  = 2, /* vtable is const dfs_payload_vtable * (dfs_payload.h)  */
    DFS_KIND_ADAPTER  = 3  /* vtable is const dfs_adapter_vtable * (dfs_adapter.h)  */
};

/* Capability bits are plain 64-bit integer literals (`ull`), so that they are
 * constant expressions in C (usable in a static descriptor) and import into
 * Swift and other bindings as UInt64. */
/* Capabilities: a 64-bit mask in the descriptor. Bits 0-31 are common to all
 * kinds; bits 32-63 are kind-specific (see each kind's header). Unknown bits
 * are ignored by the host. */
#define DFS_CAP_NONBLOCKING 0x1ull /* bit 0 */ /* no op ever blocks on I/O or locks; host may call inline on event loops */
#define DFS_CAP_PERSISTENT 0x2ull /* bit 1 */ /* data survives close + open with the same config */
#define DFS_CAP_DURABLE 0x4ull /* bit 2 */ /* "durable" requests reach stable storage before returning */
#define DFS_CAP_SHARED 0x8ull /* bit 3 */ /* several host processes may open the same backend at once */

/* ------------------------------------------------------------------------ */
/* What the host tells a plugin about itself                                 */
/* ------------------------------------------------------------------------ */
enum {
    DFS_LOG_ERROR = 0,
    DFS_LOG_WARN  = 1,
    DFS_LOG_INFO  = 2,
    DFS_LOG_DEBUG = 3
};

/** Passed to dfs_plugin_entry() and to every open()/create(). Owned by the
 *  host; valid until the library is unloaded. */
typedef struct dfs_host_info {
    uint32_t struct_size;
    uint32_t abi_major;         /* the host's DFS_ABI_MAJOR */
    uint32_t abi_minor;         /* the host's DFS_ABI_MINOR */
    uint32_t reserved;
    const char *host_version;   /* e.g. "0.1.0" */
    /** Log a line through the host's logger. Thread-safe; never blocks for
     *  long; `msg` is borrowed. May be NULL (then the plugin stays silent). */
    void (*log)(int32_t level, const char *plugin_name, const char *msg);
} dfs_host_info;

/* ------------------------------------------------------------------------ */
/* The descriptor and the entry point                                         */
/* ------------------------------------------------------------------------ */

/** What a plugin library is. Returned by dfs_plugin_entry(); must stay valid
 *  and unchanged until the library is unloaded (make it static const). */
typedef struct dfs_plugin_descriptor {
    uint32_t struct_size;       /* sizeof(dfs_plugin_descriptor) as the plugin knows it */
    uint32_t abi_major;         /* DFS_ABI_MAJOR the plugin was built against */
    uint32_t abi_minor;         /* DFS_ABI_MINOR the plugin was built against */
    dfs_plugin_kind kind;       /* DFS_KIND_* */
    const char *name;           /* registry name: [a-z0-9][a-z0-9._-]{0,62}, e.g. "memory" */
    const char *version;        /* the plugin's own version, e.g. "1.2.0" */
    const char *description;    /* one line for `dfsctl plugin list`; may be NULL */
    uint64_t capabilities;      /* DFS_CAP_* | kind-specific bits */
    const void *vtable;         /* kind-specific vtable, see `kind`; never NULL */
} dfs_plugin_descriptor;

/**
 * The one symbol a plugin exports (use a linker version script so that it is
 * the only one). REQUIRED.
 *
 * Called by the host right after dlopen(), once per load, from any thread.
 * `host` is owned by the host and stays valid until the library is unloaded.
 * Return the plugin's descriptor, or NULL to refuse this host (for example
 * when host->abi_major is one the plugin cannot serve); the host then reports
 * the library as refused. Must not block, allocate per call, or have side
 * effects beyond one-time initialisation.
 */
typedef const dfs_plugin_descriptor *(*dfs_plugin_entry_fn)(const dfs_host_info *host);

/** The prototype of the entry every plugin defines (declared here so that
 *  -Wmissing-prototypes stays quiet). The host never links against it: it
 *  finds it with dlsym(). */
const dfs_plugin_descriptor *dfs_plugin_entry(const dfs_host_info *host);

/* ------------------------------------------------------------------------ */
/* Helpers (header-only; available to C plugins)                              */
/* ------------------------------------------------------------------------ */
#if !defined(DFS_NO_HELPERS) && !defined(__swift__)
#include <stdarg.h>
#include <stdio.h>

/** Fill `err` (which may be NULL) and return `code`. Writes only the
 *  members that lie within err->struct_size. */
static inline dfs_status dfs_error_set(dfs_error *err, dfs_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline dfs_status dfs_error_set(dfs_error *err, dfs_status code, const char *fmt, ...) {
    if (DFS_HAS_MEMBER(err, dfs_error, code)) {
        err->code = code;
        if (DFS_HAS_MEMBER(err, dfs_error, message_cap) && err->message != NULL && err->message_cap > 0) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err->message, err->message_cap, fmt, ap);
            va_end(ap);
        }
    }
    return code;
}
#endif

#ifdef __cplusplus
}
#endif
#endif /* DFS_COMMON_H */
