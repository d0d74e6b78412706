import PluginABI
import PluginKit

/// A (directory, name) pair: the key of a dirent record.
struct DirentKey: Hashable, Sendable {
    var dir: UInt64
    var name: Bytes
}

/// A transaction's buffered changes to one directory.
struct TxnDir {
    /// Name -> inserted entry (with its provisional = final cookie) or delete.
    var changes: [Bytes: Pending<DirentVal>] = [:]
    /// Cache: the inserted entries in cookie order (nil after a change).
    var sortedPuts: [(name: Bytes, val: DirentVal)]?
}

/// A kv range a read-write transaction listed: `start <= k < end`
/// (`end == nil`: to the end of the space).
struct KVRange {
    var start: Bytes
    var end: Bytes?

    func contains(_ k: Bytes) -> Bool {
        compareBytes(k, start) >= 0 && (end.map { compareBytes(k, $0) < 0 } ?? true)
    }
}

/// One transaction. Used by one thread at a time (ABI rule), so its own
/// fields need no lock; the store's state is read and written only inside
/// short `withLock` sections, never across calls.
///
/// Read-write transactions read the newest committed record and fail RETRY
/// at once when it was written after `start` (so they always see the
/// snapshot of `start`); they buffer writes privately and remember every
/// record and range they touched, which `Store.commit` validates.
/// Read-only transactions read the MVCC snapshot of `start` and never
/// conflict.
final class Txn {
    let store: Store
    /// The snapshot: last committed version when the transaction began.
    let start: UInt64
    let readOnly: Bool
    /// Set when an operation returned RETRY: the commit will fail too.
    var doomed = false
    /// Set by commit/abort.
    var finished = false

    // Read and write sets (read-write transactions only).
    var inodeTouched = Set<UInt64>()
    var inodeWrites: [UInt64: Pending<InodeVal>] = [:]
    /// Net inodes created (for max_inodes).
    var inodeDelta = 0
    var direntTouched = Set<DirentKey>()
    var dirWrites: [UInt64: TxnDir] = [:]
    var listedDirs = Set<UInt64>()
    var rootTouched = Set<Bytes>()
    var rootWrites: [Bytes: Pending<UInt64>] = [:]
    var rootsListed = false
    var kvTouched = Set<Bytes>()
    var kvWrites: [Bytes: Pending<[UInt8]>] = [:]
    /// Cache: the keys of `kvWrites` in byte order (nil after a new key).
    var kvSortedKeys: [Bytes]?
    var kvRanges: [KVRange] = []

    init(store: Store, readOnly: Bool) {
        self.store = store
        self.readOnly = readOnly
        self.start = store.begin(readOnly: readOnly)
    }

    /// True when commit has something to apply.
    var hasWrites: Bool {
        !inodeWrites.isEmpty || !dirWrites.isEmpty || !rootWrites.isEmpty || !kvWrites.isEmpty
    }

    /// Marks the transaction doomed and returns the RETRY error for `what`.
    func conflict(_ what: String) -> PluginError {
        doomed = true
        return .retry("memory: \(what) was changed by a transaction that committed after this one began")
    }

    /// Fails INVAL in a read-only transaction.
    @inline(__always)
    func requireWritable() throws {
        if readOnly { throw PluginError.inval("memory: write in a read-only transaction") }
    }

    /// The committed value of a record as this transaction may see it
    /// (call under the store lock): read-only: the snapshot value;
    /// read-write: the newest value, or RETRY when written after `start`.
    @inline(__always)
    func see<V>(_ rec: Versioned<V>?, _ what: @autoclosure () -> String) throws -> V? {
        guard let rec else { return nil }
        if readOnly { return rec.visible(at: start) }
        if rec.version > start { throw conflict(what()) }
        return rec.value
    }

    // MARK: inodes

    /// The committed inode `ino` (records the read).
    private func committedInode(_ ino: UInt64) throws -> InodeVal? {
        if !readOnly { inodeTouched.insert(ino) }
        return try store.state.withLock { st in try self.see(st.inodes[ino], "inode \(ino)") }
    }

    /// Inode `ino` as this transaction sees it (own writes first).
    private func viewInode(_ ino: UInt64) throws -> InodeVal? {
        if let w = inodeWrites[ino] { return w.value }
        return try committedInode(ino)
    }

    func inodeGet(_ ino: UInt64) throws -> InodeVal {
        guard let v = try viewInode(ino) else { throw PluginError.noent("memory: no inode \(ino)") }
        return v
    }

    func inodeCreate(_ p: UnsafePointer<dfs_inode>?, target: UnsafePointer<UInt8>?, targetLen: UInt32) throws {
        try requireWritable()
        let inode = try readInode(p, base: dfs_inode())
        if targetLen > UInt32(DFS_SYMLINK_MAX) {
            throw PluginError.nameTooLong("memory: symlink target of \(targetLen) bytes exceeds \(DFS_SYMLINK_MAX)")
        }
        if targetLen > 0 && target == nil { throw PluginError.inval("memory: NULL symlink target") }
        if targetLen == 0 && inode.mode & UInt32(DFS_S_IFMT) == UInt32(DFS_TYPE_LNK) << 12 {
            throw PluginError.inval("memory: symlink inode \(inode.ino) needs a target of 1...\(DFS_SYMLINK_MAX) bytes")
        }
        if try viewInode(inode.ino) != nil { throw PluginError.exist("memory: inode \(inode.ino) exists") }
        if store.maxInodes != Int.max {
            let live = store.state.withLock { $0.liveInodes }
            if live + inodeDelta + 1 > store.maxInodes {
                throw PluginError(DFS_ERR_NOSPC, "memory: max_inodes \(store.maxInodes) reached")
            }
        }
        inodeWrites[inode.ino] = .put(InodeVal(inode: inode, target: targetLen > 0 ? bytes(target, targetLen) : nil))
        inodeDelta += 1
    }

    func inodeUpdate(_ p: UnsafePointer<dfs_inode>?) throws {
        try requireWritable()
        let probe = try readInode(p, base: dfs_inode())
        guard let old = try viewInode(probe.ino) else { throw PluginError.noent("memory: no inode \(probe.ino)") }
        let inode = try readInode(p, base: old.inode)
        inodeWrites[inode.ino] = .put(InodeVal(inode: inode, target: old.target))
    }

    func inodeDelete(_ ino: UInt64) throws {
        try requireWritable()
        if try viewInode(ino) == nil { throw PluginError.noent("memory: no inode \(ino)") }
        inodeWrites[ino] = .deleted
        inodeDelta -= 1
    }
}
