import CRocksDB
import Foundation
import PluginABI
import PluginKit

/// Turns a RocksDB error string (malloc'd by RocksDB; freed here) into a
/// PluginError. Busy / TryAgain — what an optimistic commit returns when its
/// validation finds a conflict, or when it cannot validate because the
/// memtable history is gone — become the ABI's DFS_ERR_RETRY.
func rocksError(_ e: UnsafeMutablePointer<CChar>, _ what: String) -> PluginError {
    let msg = String(cString: e)
    rocksdb_free(e)
    if msg.hasPrefix("Resource busy") || msg.hasPrefix("Operation failed. Try again") {
        return .retry("badgerlike: \(what): conflict with a transaction that committed after this one began (\(msg))")
    }
    if msg.hasPrefix("Corruption") {
        return .io("badgerlike: \(what): database is corrupt: \(msg)")
    }
    return .io("badgerlike: \(what): \(msg)")
}

/// Byte strings as the `const char *` + length the C API takes (never NULL).
@inline(__always)
func withC<R>(_ b: [UInt8], _ body: (UnsafePointer<CChar>, Int) throws -> R) rethrows -> R {
    try b.withUnsafeBytes { raw in
        if raw.count == 0 {
            var zero: CChar = 0
            return try body(&zero, 0)
        }
        return try body(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
    }
}

/// Runs a RocksDB C call that reports failure through `char **errptr`.
@inline(__always)
func rocks<T>(_ what: @autoclosure () -> String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) throws -> T {
    var err: UnsafeMutablePointer<CChar>? = nil
    let r = body(&err)
    if let err { throw rocksError(err, what()) }
    return r
}

/// One open `badgerlike` store: a RocksDB OptimisticTransactionDB.
///
/// Why optimistic: the ABI says a store must never block forever on another
/// transaction and reports conflicts as DFS_ERR_RETRY for the caller to rerun
/// the whole transaction. Optimistic transactions take no locks while they
/// run (no waits, no deadlocks, no lock timeouts to tune) and detect
/// conflicts at commit — which maps one-to-one onto RETRY. Each transaction
/// is begun with a snapshot (set_snapshot) and reads through it, and reads
/// with GetForUpdate, so commit fails when any key it read or wrote changed
/// after its snapshot: serializable for point reads. Ranges (listings) are
/// protected with marker keys, see KeyLayout.swift.
final class Store: @unchecked Sendable {
    let path: String
    let db: OpaquePointer        // rocksdb_optimistictransactiondb_t*
    let base: OpaquePointer      // rocksdb_t* (the base DB: snapshots, read-only reads, allocator)
    let options: OpaquePointer
    let tableOptions: OpaquePointer
    let cache: OpaquePointer?
    let writeOptions: OpaquePointer      // commits: never sync inside the commit (see syncCommits)
    /// "sync": "always": after a commit is applied, fsync the WAL before
    /// returning (rocksdb_flush_wal with sync). Syncing *after* the commit
    /// instead of inside it (WriteOptions.sync) keeps the fsync out of the
    /// commit's critical section, so contending transactions do not see
    /// conflict windows as long as a disk flush (8 threads on one counter
    /// starved with in-commit sync). The committer still returns only once
    /// its commit is on stable storage; another transaction may read the
    /// data a moment before that (as with any group-committing database).
    let syncCommits: Bool
    let syncWriteOptions: OpaquePointer  // allocator + format key: always sync
    let txnOptions: OpaquePointer

    /// Allocator state (guarded by allocLock): ids in [next, limit) are ours
    /// to hand out; `limit` is what 'a' holds on disk.
    private let allocLock = NSLock()
    private var next: UInt64
    private var limit: UInt64
    static let allocBatch: UInt64 = 4096

    private init(path: String, db: OpaquePointer, base: OpaquePointer, options: OpaquePointer,
                 tableOptions: OpaquePointer, cache: OpaquePointer?, writeOptions: OpaquePointer,
                 syncWriteOptions: OpaquePointer, txnOptions: OpaquePointer, syncCommits: Bool, limit: UInt64) {
        self.syncCommits = syncCommits
        self.path = path; self.db = db; self.base = base; self.options = options
        self.tableOptions = tableOptions; self.cache = cache; self.writeOptions = writeOptions
        self.syncWriteOptions = syncWriteOptions; self.txnOptions = txnOptions
        self.next = limit; self.limit = limit
    }

    deinit {
        rocksdb_optimistictransactiondb_close_base_db(base)
        rocksdb_optimistictransactiondb_close(db)
        rocksdb_optimistictransaction_options_destroy(txnOptions)
        rocksdb_writeoptions_destroy(writeOptions)
        rocksdb_writeoptions_destroy(syncWriteOptions)
        rocksdb_options_destroy(options)
        rocksdb_block_based_options_destroy(tableOptions)
        if let cache { rocksdb_cache_destroy(cache) }
    }

    /// Opens (and with "create", creates) the store described by the JSON
    /// config: "path" (required), "sync" ("always" | "none"), "cache_mb",
    /// "create" (default true).
    static func open(config json: UnsafePointer<CChar>?) throws -> Store {
        var cfg = try PluginConfig(json, plugin: "badgerlike")
        let path = try cfg.string("path")
        let sync = try cfg.string("sync", default: "always")
        let cacheMB = try cfg.int("cache_mb", default: 8, range: 0...1 << 20)
        let create = try cfg.bool("create", default: true)
        try cfg.finish()
        if path.isEmpty { throw PluginError.inval("badgerlike: key \"path\" must not be empty") }
        guard sync == "always" || sync == "none" else {
            throw PluginError.inval("badgerlike: key \"sync\" must be \"always\" or \"none\", got \"\(sync)\"")
        }

        let fm = FileManager.default
        if create {
            do {
                try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                let code = (error as NSError).code == NSFileWriteNoPermissionError ? DFS_ERR_ACCES : DFS_ERR_IO
                throw PluginError(code, "badgerlike: cannot create directory \(path): \(error.localizedDescription)")
            }
        } else if !fm.fileExists(atPath: path + "/CURRENT") {
            throw PluginError.noent("badgerlike: no database at \(path) (and \"create\" is false)")
        }
        if access(path, W_OK) != 0 {
            throw PluginError(DFS_ERR_ACCES, "badgerlike: database directory \(path) is not writable: \(String(cString: strerror(errno)))")
        }

        let options = rocksdb_options_create()!
        rocksdb_options_set_create_if_missing(options, create ? 1 : 0)
        // Optimistic validation looks up the last write of each tracked key
        // in the memtables; keep enough flushed-memtable history that a
        // commit can almost always validate (else: spurious RETRY).
        rocksdb_options_set_max_write_buffer_size_to_maintain(options, 64 << 20)
        rocksdb_options_increase_parallelism(options, 2)
        // A bloom filter over whole keys in each memtable: reads and commit
        // validations of keys the memtable does not hold (a create's name
        // and inode existence checks; validation in older memtables) skip
        // the skiplist search. In-memory only: no effect on the files.
        rocksdb_options_set_memtable_prefix_bloom_size_ratio(options, 0.05)
        rocksdb_options_set_memtable_whole_key_filtering(options, 1)
        let tableOptions = rocksdb_block_based_options_create()!
        var cache: OpaquePointer? = nil
        if cacheMB > 0 {
            cache = rocksdb_cache_create_lru(Int(cacheMB) << 20)
            rocksdb_block_based_options_set_block_cache(tableOptions, cache)
        } else {
            rocksdb_block_based_options_set_no_block_cache(tableOptions, 1)
        }
        // Bloom filters: most point reads of a create (name and inode
        // existence checks) miss; let them skip SST files.
        rocksdb_block_based_options_set_filter_policy(tableOptions, rocksdb_filterpolicy_create_bloom(10))
        rocksdb_options_set_block_based_table_factory(options, tableOptions)

        var err: UnsafeMutablePointer<CChar>? = nil
        let db = rocksdb_optimistictransactiondb_open(options, path, &err)
        if let err {
            let msg = String(cString: err)
            rocksdb_free(err)
            rocksdb_options_destroy(options)
            rocksdb_block_based_options_destroy(tableOptions)
            if let cache { rocksdb_cache_destroy(cache) }
            let lower = msg.lowercased()
            if lower.contains("lock") && (lower.contains("temporarily unavailable") || lower.contains("lock hold")
                                           || lower.contains("no locks available")) {
                throw PluginError(DFS_ERR_BUSY, "badgerlike: database \(path) is in use (locked by another process or an open instance): \(msg)")
            }
            if msg.hasPrefix("Corruption") {
                throw PluginError.io("badgerlike: database \(path) is corrupt: \(msg)")
            }
            if lower.contains("permission denied") {
                throw PluginError(DFS_ERR_ACCES, "badgerlike: cannot open \(path): \(msg)")
            }
            if lower.contains("does not exist") {
                throw PluginError.noent("badgerlike: no database at \(path): \(msg)")
            }
            throw PluginError.io("badgerlike: cannot open \(path): \(msg)")
        }
        let base = rocksdb_optimistictransactiondb_get_base_db(db)!
        let writeOptions = rocksdb_writeoptions_create()!
        rocksdb_writeoptions_set_sync(writeOptions, 0)
        let syncWriteOptions = rocksdb_writeoptions_create()!
        rocksdb_writeoptions_set_sync(syncWriteOptions, 1)
        let txnOptions = rocksdb_optimistictransaction_options_create()!
        rocksdb_optimistictransaction_options_set_set_snapshot(txnOptions, 1)

        let store = Store(path: path, db: db!, base: base, options: options, tableOptions: tableOptions,
                          cache: cache, writeOptions: writeOptions, syncWriteOptions: syncWriteOptions,
                          txnOptions: txnOptions, syncCommits: sync == "always", limit: 1)
        // From here on, deinit closes everything if we throw.
        try store.checkFormat()
        if let a = try store.baseGet(Keys.alloc) {
            let v = try a.withUnsafeBytes { try decodeBE64($0) }
            store.next = max(v, 1)
            store.limit = store.next
        }
        return store
    }

    /// Makes every commit applied so far durable (fsync of the WAL).
    func syncWAL() throws {
        try rocks("sync WAL") { rocksdb_flush_wal(base, 1, $0) }
    }

    /// Group commit (guarded by syncLock): every commit whose sequence
    /// number is <= syncedSeq is on stable storage.
    private let syncLock = NSLock()
    private var syncedSeq: UInt64 = 0

    /// Returns once every commit applied so far — the caller's included,
    /// which returned before this call — is on stable storage. RocksDB
    /// publishes a commit's sequence number only after its WAL record is
    /// written, so one WAL fsync covers every sequence number read before
    /// it started. Committers that queue up behind an fsync in progress
    /// usually find their commit covered by it and skip their own: with N
    /// concurrent committers a disk flush serves many commits instead of one
    /// (RocksDB's own SyncWAL would run one fsync per caller).
    func syncCommitted() throws {
        let mine = rocksdb_get_latest_sequence_number(base)
        syncLock.lock()
        defer { syncLock.unlock() }
        if syncedSeq >= mine { return }
        let upTo = rocksdb_get_latest_sequence_number(base)
        try syncWAL()
        syncedSeq = upTo
    }

    /// Reads a key from the newest committed state (outside transactions).
    func baseGet(_ key: [UInt8]) throws -> [UInt8]? {
        let ro = rocksdb_readoptions_create()
        defer { rocksdb_readoptions_destroy(ro) }
        var len = 0
        let v = try withC(key) { k, kl in try rocks("read") { rocksdb_get(base, ro, k, kl, &len, $0) } }
        guard let v else { return nil }
        defer { rocksdb_free(v) }
        return Array(UnsafeRawBufferPointer(start: v, count: len))
    }

    func basePut(_ key: [UInt8], _ value: [UInt8]) throws {
        try withC(key) { k, kl in
            try withC(value) { v, vl in
                try rocks("write") { rocksdb_put(base, syncWriteOptions, k, kl, v, vl, $0) }
            }
        }
    }

    /// Writes the format key in a new database; refuses one of another format.
    private func checkFormat() throws {
        if let f = try baseGet(Keys.format) {
            guard f == [Keys.formatVersion] else {
                throw PluginError(DFS_ERR_VERSION, "badgerlike: database \(path) has format \(f.first.map(String.init) ?? "?"), this build reads format \(Keys.formatVersion)")
            }
            return
        }
        try basePut(Keys.format, [Keys.formatVersion])
    }

    /// Reserves `count` consecutive inode numbers; returns the first. Ids
    /// come from batches whose end is persisted (synced) in 'a' before any id
    /// of the batch is handed out, outside every user transaction, so no id
    /// is handed out twice, even after a crash and reopen.
    func allocIDs(_ count: UInt32) throws -> UInt64 {
        if count == 0 { throw PluginError.inval("badgerlike: alloc_ids count must be >= 1") }
        allocLock.lock()
        defer { allocLock.unlock() }
        let n = UInt64(count)
        if next > UInt64.max - n - Store.allocBatch {
            throw PluginError(DFS_ERR_NOSPC, "badgerlike: inode numbers exhausted")
        }
        if next + n > limit {
            let newLimit = next + n + Store.allocBatch
            try basePut(Keys.alloc, encodeBE64(newLimit))
            limit = newLimit
        }
        let first = next
        next += n
        return first
    }
}
