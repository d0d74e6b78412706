import Foundation

/// The relational schema, its versioned migrations and the prepared
/// statements, all inside one PostgreSQL schema (config key "schema").
///
/// Tables (migration 1):
///   schema_version(version pk, applied_at)      one row per applied migration
///   inodes(ino pk, mode, generation, size, nlink, uid, gid, rdev, parent,
///          change, flags, {a,m,c,b}time_sec, {a,m,c,b}time_nsec, target)
///   dirents(dir, name bytea, ino, type, cookie)  pk (dir, name);
///          unique index (dir, cookie) for ordered, resumable listing
///   dir_cookies(dir pk, next)                    next cookie per directory
///   roots(share bytea pk, ino)
///   kv(key bytea pk, value bytea)                bytea compares as memcmp
///   id_alloc(id = 1 pk, next)                    the inode-number allocator
///
/// Unsigned 64-bit members are stored as their bit pattern in bigint;
/// 32-bit members (mode, nlink, uid, gid, type) as their value in bigint;
/// nanoseconds as the bit pattern in integer.
enum Schema {
    /// The migrations, in order; migration i (1-based) brings the schema to
    /// version i. Never edit one that has shipped: append a new one.
    static func migrations(_ s: String) -> [String] {
        [
            """
            CREATE TABLE \(s).inodes (
                ino bigint PRIMARY KEY,
                mode bigint NOT NULL, generation bigint NOT NULL, size bigint NOT NULL,
                nlink bigint NOT NULL, uid bigint NOT NULL, gid bigint NOT NULL,
                rdev bigint NOT NULL, parent bigint NOT NULL, change bigint NOT NULL, flags bigint NOT NULL,
                atime_sec bigint NOT NULL, atime_nsec integer NOT NULL,
                mtime_sec bigint NOT NULL, mtime_nsec integer NOT NULL,
                ctime_sec bigint NOT NULL, ctime_nsec integer NOT NULL,
                btime_sec bigint NOT NULL, btime_nsec integer NOT NULL,
                target bytea);
            CREATE TABLE \(s).dirents (
                dir bigint NOT NULL, name bytea NOT NULL, ino bigint NOT NULL,
                type bigint NOT NULL, cookie bigint NOT NULL,
                PRIMARY KEY (dir, name));
            CREATE UNIQUE INDEX dirents_dir_cookie ON \(s).dirents (dir, cookie);
            CREATE TABLE \(s).dir_cookies (dir bigint PRIMARY KEY, next bigint NOT NULL);
            CREATE TABLE \(s).roots (share bytea PRIMARY KEY, ino bigint NOT NULL);
            CREATE TABLE \(s).kv (key bytea PRIMARY KEY, value bytea NOT NULL);
            CREATE TABLE \(s).id_alloc (id integer PRIMARY KEY CHECK (id = 1), next bigint NOT NULL);
            INSERT INTO \(s).id_alloc (id, next) VALUES (1, 1);
            """,
        ]
    }

    static let inodeColumns = """
        mode, generation, size, nlink, uid, gid, rdev, parent, change, flags, \
        atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec, btime_sec, btime_nsec
        """

    /// Rows fetched per round trip by listings.
    static let direntBatch = 512
    static let kvBatch = 128
    static let rootBatch = 512

    /// The prepared statements (name, SQL) for schema `s` (quoted).
    static func statements(_ s: String) -> [(name: String, sql: String)] {
        let sets = inodeColumns.split(separator: ",").enumerated()
            .map { "\($0.element.trimmingCharacters(in: .whitespaces)) = $\($0.offset + 2)" }.joined(separator: ", ")
        return [
            (Stmt.inodeGet, "SELECT \(inodeColumns), target FROM \(s).inodes WHERE ino = $1"),
            (Stmt.inodeInsert, "INSERT INTO \(s).inodes (ino, \(inodeColumns), target) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT (ino) DO NOTHING"),
            (Stmt.inodeUpdate, "UPDATE \(s).inodes SET \(sets) WHERE ino = $1"),
            (Stmt.inodeDelete, "DELETE FROM \(s).inodes WHERE ino = $1"),
            (Stmt.direntLookup, "SELECT ino, type, cookie FROM \(s).dirents WHERE dir = $1 AND name = $2"),
            (Stmt.cookieNext, "INSERT INTO \(s).dir_cookies AS c (dir, next) VALUES ($1, 2) ON CONFLICT (dir) DO UPDATE SET next = c.next + 1 RETURNING next - 1"),
            (Stmt.direntInsert, "INSERT INTO \(s).dirents (dir, name, ino, type, cookie) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dir, name) DO NOTHING"),
            (Stmt.direntRemove, "DELETE FROM \(s).dirents WHERE dir = $1 AND name = $2"),
            (Stmt.direntList, "SELECT name, ino, type, cookie FROM \(s).dirents WHERE dir = $1 AND cookie > $2 ORDER BY cookie LIMIT \(direntBatch)"),
            (Stmt.rootGet, "SELECT ino FROM \(s).roots WHERE share = $1"),
            (Stmt.rootSet, "INSERT INTO \(s).roots (share, ino) VALUES ($1, $2) ON CONFLICT (share) DO UPDATE SET ino = EXCLUDED.ino"),
            (Stmt.rootRemove, "DELETE FROM \(s).roots WHERE share = $1"),
            (Stmt.rootList, "SELECT share, ino FROM \(s).roots WHERE share > $1 ORDER BY share LIMIT \(rootBatch)"),
            (Stmt.kvGet, "SELECT value FROM \(s).kv WHERE key = $1"),
            (Stmt.kvPut, "INSERT INTO \(s).kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"),
            (Stmt.kvDelete, "DELETE FROM \(s).kv WHERE key = $1"),
            (Stmt.kvScanFrom, "SELECT key, value FROM \(s).kv WHERE key >= $1 ORDER BY key LIMIT \(kvBatch)"),
            (Stmt.kvScanRange, "SELECT key, value FROM \(s).kv WHERE key >= $1 AND key < $2 ORDER BY key LIMIT \(kvBatch)"),
            // Commit-time validation of what a read-write transaction read
            // (see Txn.validate): rows it saw must be unchanged (FOR SHARE
            // fails 40001 on a row updated or deleted after the snapshot)...
            (Stmt.vInodes, "SELECT 1 FROM \(s).inodes WHERE ino = ANY($1) FOR SHARE"),
            (Stmt.vDirents, "SELECT 1 FROM \(s).dirents d JOIN unnest($1::bigint[], $2::bytea[]) AS u(dir, name) ON d.dir = u.dir AND d.name = u.name FOR SHARE OF d"),
            (Stmt.vRoots, "SELECT 1 FROM \(s).roots WHERE share = ANY($1) FOR SHARE"),
            (Stmt.vKV, "SELECT 1 FROM \(s).kv WHERE key = ANY($1) FOR SHARE"),
            // ...and rows it found absent must still be absent: a trial insert
            // (rolled back to a savepoint) fails 40001 on a row committed
            // after the snapshot, and waits (lock_timeout) on an uncommitted one.
            (Stmt.aInodes, "INSERT INTO \(s).inodes (ino, \(inodeColumns)) SELECT u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM unnest($1::bigint[]) AS u ON CONFLICT DO NOTHING"),
            (Stmt.aDirents, "INSERT INTO \(s).dirents (dir, name, ino, type, cookie) SELECT dir, name, 0, 0, -row_number() OVER () FROM unnest($1::bigint[], $2::bytea[]) AS u(dir, name) ON CONFLICT DO NOTHING"),
            (Stmt.aRoots, "INSERT INTO \(s).roots (share, ino) SELECT u, 0 FROM unnest($1::bytea[]) AS u ON CONFLICT DO NOTHING"),
            (Stmt.aKV, "INSERT INTO \(s).kv (key, value) SELECT u, ''::bytea FROM unnest($1::bytea[]) AS u ON CONFLICT DO NOTHING"),
            (Stmt.allocIDs, "UPDATE \(s).id_alloc SET next = next + $1 WHERE id = 1 AND next <= 9223372036854775807 - $1 RETURNING next - $1"),
        ]
    }
}

/// Prepared statement names.
enum Stmt {
    static let inodeGet = "dfs_inode_get"
    static let inodeInsert = "dfs_inode_insert"
    static let inodeUpdate = "dfs_inode_update"
    static let inodeDelete = "dfs_inode_delete"
    static let direntLookup = "dfs_dirent_lookup"
    static let cookieNext = "dfs_cookie_next"
    static let direntInsert = "dfs_dirent_insert"
    static let direntRemove = "dfs_dirent_remove"
    static let direntList = "dfs_dirent_list"
    static let rootGet = "dfs_root_get"
    static let rootSet = "dfs_root_set"
    static let rootRemove = "dfs_root_remove"
    static let rootList = "dfs_root_list"
    static let kvGet = "dfs_kv_get"
    static let kvPut = "dfs_kv_put"
    static let kvDelete = "dfs_kv_delete"
    static let kvScanFrom = "dfs_kv_scan_from"
    static let kvScanRange = "dfs_kv_scan_range"
    static let allocIDs = "dfs_alloc_ids"
    static let vInodes = "dfs_v_inodes"
    static let vDirents = "dfs_v_dirents"
    static let vRoots = "dfs_v_roots"
    static let vKV = "dfs_v_kv"
    static let aInodes = "dfs_a_inodes"
    static let aDirents = "dfs_a_dirents"
    static let aRoots = "dfs_a_roots"
    static let aKV = "dfs_a_kv"
}
