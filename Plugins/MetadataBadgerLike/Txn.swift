import CRocksDB
import PluginABI
import PluginKit

/// One transaction. Used by one thread at a time (ABI rule).
///
/// Read-write: a RocksDB optimistic transaction begun with a snapshot; every
/// read goes through the transaction at that snapshot (read-your-writes:
/// RocksDB merges the transaction's own write batch into gets and iterators)
/// and uses GetForUpdate, so the commit validates it. Commit returns RETRY on
/// Busy / TryAgain.
/// Read-only: a plain DB snapshot; reads and iterators on the base DB at that
/// snapshot; commit only releases it (never RETRY); writes fail INVAL.
final class Txn {
    let store: Store
    let readOnly: Bool
    private var txn: OpaquePointer?          // rocksdb_transaction_t* (read-write)
    private var snapshot: OpaquePointer?     // read-only: rocksdb_create_snapshot; read-write: txn's
    private let readOptions: OpaquePointer
    var finished = false
    /// Set by the first write (a commit without writes needs no WAL sync).
    private var hasWrites = false
    /// Read-write only: what this transaction has read or written, by key
    /// (nil: absent or deleted). A key is read from RocksDB (GetForUpdate,
    /// which also tracks it for validation) at most once per transaction;
    /// later reads — a create reads the directory inode and the new name
    /// twice, a rename more — come from here. Own writes update it, so it
    /// answers exactly what RocksDB's read-your-writes would. A list, not a
    /// dictionary: a file-system transaction touches a handful of keys, and
    /// a linear scan is cheaper than hashing them. It holds at most
    /// `seenLimit` keys (big transactions stay linear): a key not in it is
    /// simply read from RocksDB again, and every write updates the key's
    /// entry when there is one, so an entry is never stale.
    private var seen: [(key: [UInt8], value: [UInt8]?)] = []
    static let seenLimit = 32

    @inline(__always)
    private func remember(_ key: [UInt8], _ value: [UInt8]?) {
        if let i = seen.firstIndex(where: { $0.key == key }) {
            seen[i].value = value
        } else if seen.count < Txn.seenLimit {
            seen.append((key, value))
        }
    }

    init(store: Store, readOnly: Bool) {
        self.store = store
        self.readOnly = readOnly
        readOptions = rocksdb_readoptions_create()!
        // No perf-context counting on this thread (RocksDB's default counts;
        // each count is a thread-local access through __tls_get_addr).
        rocksdb_set_perf_level(Int32(rocksdb_disable))
        if readOnly {
            snapshot = rocksdb_create_snapshot(store.base)
        } else {
            txn = rocksdb_optimistictransaction_begin(store.db, store.writeOptions, store.txnOptions, nil)
            // The snapshot the transaction validates against (set_snapshot).
            snapshot = rocksdb_transaction_get_snapshot(txn)
        }
        rocksdb_readoptions_set_snapshot(readOptions, snapshot)
    }

    private func release() {
        finished = true
        if let txn { rocksdb_transaction_destroy(txn) }
        txn = nil
        if let snapshot {
            if readOnly {
                rocksdb_release_snapshot(store.base, snapshot)
            } else {
                // rocksdb_transaction_get_snapshot malloc()s a small wrapper
                // (the snapshot itself belongs to the transaction).
                rocksdb_free(UnsafeMutableRawPointer(snapshot))
            }
        }
        snapshot = nil
        rocksdb_readoptions_destroy(readOptions)
    }

    deinit {
        if !finished { release() }
    }

    func commit() throws {
        defer { release() }
        guard let txn else { return }
        try rocks("commit") { rocksdb_transaction_commit(txn, $0) }
        if store.syncCommits && hasWrites { try store.syncCommitted() }
    }

    func abort() {
        if let txn {
            var err: UnsafeMutablePointer<CChar>? = nil
            rocksdb_transaction_rollback(txn, &err)
            if let err { rocksdb_free(err) }
        }
        release()
    }

    @inline(__always)
    func requireWritable() throws {
        if readOnly { throw PluginError.inval("badgerlike: write in a read-only transaction") }
    }

    // MARK: raw access

    /// Reads `key` (own writes first; read-write: tracked for validation)
    /// and hands the value to `body`; nil when absent.
    func read<R>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        if txn != nil {
            if let known = seen.first(where: { $0.key == key }) {
                guard let value = known.value else { return nil }
                return try value.withUnsafeBytes(body)
            }
        }
        var len = 0
        let v: UnsafeMutablePointer<CChar>? = try withC(key) { k, kl in
            try rocks("read") { err in
                if let txn {
                    return rocksdb_transaction_get_for_update(txn, readOptions, k, kl, &len, 1, err)
                }
                return rocksdb_get(store.base, readOptions, k, kl, &len, err)
            }
        }
        guard let v else {
            if txn != nil { remember(key, nil) }
            return nil
        }
        defer { rocksdb_free(v) }
        let buffer = UnsafeRawBufferPointer(start: v, count: len)
        if txn != nil { remember(key, Array(buffer)) }
        return try body(buffer)
    }

    func exists(_ key: [UInt8]) throws -> Bool { try read(key) { _ in true } ?? false }

    func put(_ key: [UInt8], _ value: [UInt8]) throws {
        hasWrites = true
        try withC(key) { k, kl in
            try withC(value) { v, vl in
                try rocks("write") { rocksdb_transaction_put(txn, k, kl, v, vl, $0) }
            }
        }
        remember(key, value)
    }

    func delete(_ key: [UInt8]) throws {
        hasWrites = true
        try withC(key) { k, kl in try rocks("delete") { rocksdb_transaction_delete(txn, k, kl, $0) } }
        remember(key, nil)
    }

    /// Reads a phantom marker so that the commit fails when another
    /// transaction changed the range it guards (read-write only).
    func guardRange(_ marker: [UInt8]) throws {
        if txn != nil { _ = try read(marker) { _ in () } }
    }

    /// Iterates keys >= `from` while `inRange(key)` holds, at the snapshot,
    /// own writes merged in. `body` returns true to stop. No lock of ours is
    /// held while `body` (the user's callback) runs.
    func iterate(from: [UInt8], while inRange: (UnsafeRawBufferPointer) -> Bool,
                 _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        let it: OpaquePointer = txn.map { rocksdb_transaction_create_iterator($0, readOptions)! }
            ?? rocksdb_create_iterator(store.base, readOptions)!
        defer { rocksdb_iter_destroy(it) }
        withC(from) { k, kl in rocksdb_iter_seek(it, k, kl) }
        while rocksdb_iter_valid(it) != 0 {
            var kl = 0, vl = 0
            let k = UnsafeRawBufferPointer(start: rocksdb_iter_key(it, &kl), count: kl)
            if !inRange(k) { break }
            let v = UnsafeRawBufferPointer(start: rocksdb_iter_value(it, &vl), count: vl)
            if try body(k, v) { return }
            rocksdb_iter_next(it)
        }
        try rocks("iterate") { rocksdb_iter_get_error(it, $0) }
    }

    // MARK: inodes

    func inodeGet(_ ino: UInt64) throws -> InodeVal {
        guard let v = try read(Keys.inode(ino), decodeInode) else {
            throw PluginError.noent("badgerlike: no inode \(ino)")
        }
        return v
    }

    func inodeCreate(_ p: UnsafePointer<dfs_inode>?, target: UnsafePointer<UInt8>?, targetLen: UInt32) throws {
        try requireWritable()
        let inode = try readInode(p, base: dfs_inode())
        if targetLen > UInt32(DFS_SYMLINK_MAX) {
            throw PluginError.nameTooLong("badgerlike: symlink target of \(targetLen) bytes exceeds \(DFS_SYMLINK_MAX)")
        }
        if targetLen > 0 && target == nil { throw PluginError.inval("badgerlike: NULL symlink target") }
        if targetLen == 0 && inode.mode & UInt32(DFS_S_IFMT) == UInt32(DFS_TYPE_LNK) << 12 {
            throw PluginError.inval("badgerlike: symlink inode \(inode.ino) needs a target of 1...\(DFS_SYMLINK_MAX) bytes")
        }
        let key = Keys.inode(inode.ino)
        if try exists(key) { throw PluginError.exist("badgerlike: inode \(inode.ino) exists") }
        try put(key, encodeInode(inode, target: targetLen > 0 ? bytes(target, targetLen) : nil))
    }

    func inodeUpdate(_ p: UnsafePointer<dfs_inode>?) throws {
        try requireWritable()
        let probe = try readInode(p, base: dfs_inode())
        let key = Keys.inode(probe.ino)
        guard let old = try read(key, decodeInode) else { throw PluginError.noent("badgerlike: no inode \(probe.ino)") }
        let inode = try readInode(p, base: old.inode)
        try put(key, encodeInode(inode, target: old.target))
    }

    func inodeDelete(_ ino: UInt64) throws {
        try requireWritable()
        let key = Keys.inode(ino)
        if try !exists(key) { throw PluginError.noent("badgerlike: no inode \(ino)") }
        try delete(key)
    }

    // MARK: dirents

    func direntLookup(_ dir: UInt64, _ name: [UInt8]) throws -> DirentVal {
        guard let v = try read(Keys.dirent(dir, name), decodeDirent) else {
            throw PluginError.noent("badgerlike: no such entry in directory \(dir)")
        }
        return v
    }

    /// Inserts `name` -> (`ino`, `type`) with the next cookie of `dir`
    /// (read with GetForUpdate and incremented here: concurrent inserters
    /// into one directory conflict, so cookies become visible in commit order).
    func direntInsert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32) throws -> UInt64 {
        try requireWritable()
        if dir == 0 { throw PluginError.inval("badgerlike: directory inode 0 is reserved") }
        if ino == 0 { throw PluginError.inval("badgerlike: entry inode 0 is reserved") }
        let key = Keys.dirent(dir, name)
        if try exists(key) { throw PluginError.exist("badgerlike: entry exists in directory \(dir)") }
        let counter = Keys.nextCookie(dir)
        let cookie = try read(counter) { try decodeBE64($0) } ?? 1
        if cookie >= 1 << 62 { throw PluginError(DFS_ERR_NOSPC, "badgerlike: cookies of directory \(dir) exhausted") }
        try put(counter, encodeBE64(cookie + 1))
        try put(key, encodeDirent(DirentVal(cookie: cookie, ino: ino, type: type)))
        try put(Keys.listing(dir, cookie), encodeListing(ino: ino, type: type, name: name))
        return cookie
    }

    func direntRemove(_ dir: UInt64, _ name: [UInt8]) throws {
        try requireWritable()
        let key = Keys.dirent(dir, name)
        guard let v = try read(key, decodeDirent) else {
            throw PluginError.noent("badgerlike: no such entry in directory \(dir)")
        }
        try delete(key)
        try delete(Keys.listing(dir, v.cookie))
        try put(Keys.dirMarker(dir), [])
    }

    /// Entries of `dir` with cookie > `after`, in cookie order. A read-write
    /// listing reads the directory's cookie counter (inserts) and marker
    /// (removes) with GetForUpdate: a concurrent insert/remove that commits
    /// first makes our commit RETRY (phantom protection).
    func direntList(_ dir: UInt64, after: UInt64,
                    _ body: (_ name: UnsafeRawBufferPointer, DirentVal) -> Bool) throws {
        try guardRange(Keys.nextCookie(dir))
        try guardRange(Keys.dirMarker(dir))
        if after >= (1 << 62) - 1 { return }
        let prefix = Keys.listPrefix(dir)
        try iterate(from: Keys.listing(dir, after + 1), while: { k in
            k.count == 17 && k.starts(with: prefix)
        }) { k, v in
            let cookie = try decodeBE64(UnsafeRawBufferPointer(rebasing: k[9..<17]))
            var r = Reader(v)
            let ino = try r.u64(), type = try r.u32()
            let name = UnsafeRawBufferPointer(rebasing: v[r.pos...])
            return body(name, DirentVal(cookie: cookie, ino: ino, type: type))
        }
    }

    // MARK: roots

    func rootGet(_ share: [UInt8]) throws -> UInt64 {
        guard let ino = try read(Keys.root(share), { b -> UInt64 in var r = Reader(b); return try r.u64() }) else {
            throw PluginError.noent("badgerlike: no root for that share")
        }
        return ino
    }

    func rootSet(_ share: [UInt8], _ ino: UInt64) throws {
        try requireWritable()
        if ino == 0 { throw PluginError.inval("badgerlike: root inode 0 is reserved") }
        var v: [UInt8] = []
        putLE64(&v, ino)
        try put(Keys.root(share), v)
        try put(Keys.rootMarker, [])
    }

    func rootRemove(_ share: [UInt8]) throws {
        try requireWritable()
        let key = Keys.root(share)
        if try !exists(key) { throw PluginError.noent("badgerlike: no root for that share") }
        try delete(key)
        try put(Keys.rootMarker, [])
    }

    func rootList(_ body: (_ share: UnsafeRawBufferPointer, UInt64) -> Bool) throws {
        try guardRange(Keys.rootMarker)
        let tag = UInt8(ascii: "r")
        try iterate(from: [tag], while: { $0.first == tag }) { k, v in
            var r = Reader(v)
            let ino = try r.u64()
            return body(UnsafeRawBufferPointer(rebasing: k[1...]), ino)
        }
    }

    // MARK: kv

    func kvGet(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard try read(Keys.kv(key), body) != nil else {
            throw PluginError.noent("badgerlike: no such kv key")
        }
    }

    func kvPut(_ key: [UInt8], _ value: UnsafePointer<UInt8>?, _ len: UInt32) throws {
        try requireWritable()
        if len > UInt32(DFS_KV_VALUE_MAX) {
            throw PluginError.inval("badgerlike: kv value of \(len) bytes exceeds \(DFS_KV_VALUE_MAX)")
        }
        if len > 0 && value == nil { throw PluginError.inval("badgerlike: NULL kv value") }
        try put(Keys.kv(key), bytes(value, len))
        try put(Keys.kvMarker(key[0]), [])
    }

    func kvDelete(_ key: [UInt8]) throws {
        try requireWritable()
        let k = Keys.kv(key)
        if try !exists(k) { throw PluginError.noent("badgerlike: no such kv key") }
        try delete(k)
        try put(Keys.kvMarker(key[0]), [])
    }

    /// Keys in [from, to) ascending. A read-write scan reads the markers of
    /// every first-byte bucket the range can touch.
    func kvScan(from: [UInt8], to: [UInt8]?,
                _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool) throws {
        if let to, !from.lexicographicallyPrecedes(to) { return }
        if txn != nil {
            let lo = from.first ?? 0
            let hi = to?.first ?? 255
            for b in lo...hi { try guardRange(Keys.kvMarker(b)) }
        }
        let tag = UInt8(ascii: "k")
        let end: [UInt8]? = to.map { [tag] + $0 }
        try iterate(from: [tag] + from, while: { k in
            guard k.first == tag else { return false }
            guard let end else { return true }
            return k.lexicographicallyPrecedes(end)
        }) { k, v in
            body(UnsafeRawBufferPointer(rebasing: k[1...]), v)
        }
    }
}
