import PluginABI

/// A transaction on a `MetadataStore`. Not thread-safe: one thread at a
/// time. It must end with `commit()` or `abort()`; one that is dropped
/// unfinished is aborted.
public final class MetadataTxn {
    public let store: MetadataStore
    public let readOnly: Bool
    private var txn: OpaquePointer?
    private var vt: UnsafePointer<dfs_meta_vtable> { store.vt }

    init(store: MetadataStore, txn: OpaquePointer, readOnly: Bool) {
        self.store = store
        self.txn = txn
        self.readOnly = readOnly
    }

    deinit { abort() }

    public var isFinished: Bool { txn == nil }

    private func live() throws(DFSError) -> OpaquePointer {
        guard let txn else { throw DFSError(.closed, "transaction already finished") }
        return txn
    }

    /// Commit. The transaction is finished afterwards, whatever the result;
    /// `DFSError(.retry)` means a conflict and nothing was applied.
    public func commit() throws(DFSError) {
        let t = try live()
        txn = nil
        let started = ContinuousClock.now
        defer { store.commitTimer.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        try abiCall("txn_commit") { vt.pointee.txn_commit(t, $0) }
    }

    /// Discard every write. Idempotent.
    public func abort() {
        guard let t = txn else { return }
        txn = nil
        vt.pointee.txn_abort(t)
    }

    // MARK: inodes

    /// The inode `ino`; `DFSError(.noent)` when absent.
    public func inode(_ ino: UInt64) throws(DFSError) -> Inode {
        let t = try live()
        var out = dfs_inode()
        out.struct_size = UInt32(MemoryLayout<dfs_inode>.size)
        try abiCall("inode_get") { vt.pointee.inode_get(t, ino, &out, nil, 0, $0) }
        return Inode(out)
    }

    /// The inode `ino`, or nil when absent.
    public func inodeIfPresent(_ ino: UInt64) throws(DFSError) -> Inode? {
        do { return try inode(ino) } catch where error.status == .noent { return nil }
    }

    /// The inode and its symlink target.
    public func inodeWithTarget(_ ino: UInt64) throws(DFSError) -> (Inode, [UInt8]) {
        let t = try live()
        var out = dfs_inode()
        out.struct_size = UInt32(MemoryLayout<dfs_inode>.size)
        var target = [UInt8](repeating: 0, count: Int(DFS_SYMLINK_MAX))
        try target.withUnsafeMutableBufferPointer { (buf) throws(DFSError) in
            try abiCall("inode_get") { vt.pointee.inode_get(t, ino, &out, buf.baseAddress, UInt32(buf.count), $0) }
        }
        let n = min(Int(out.target_len), target.count)
        return (Inode(out), Array(target[0..<n]))
    }

    public func createInode(_ inode: Inode, target: [UInt8] = []) throws(DFSError) {
        let t = try live()
        var c = inode.c
        try target.withUnsafeBufferPointer { (buf) throws(DFSError) in
            try abiCall("inode_create") { vt.pointee.inode_create(t, &c, buf.baseAddress, UInt32(buf.count), $0) }
        }
    }

    public func updateInode(_ inode: Inode) throws(DFSError) {
        let t = try live()
        var c = inode.c
        try abiCall("inode_update") { vt.pointee.inode_update(t, &c, $0) }
    }

    public func deleteInode(_ ino: UInt64) throws(DFSError) {
        let t = try live()
        try abiCall("inode_delete") { vt.pointee.inode_delete(t, ino, $0) }
    }

    // MARK: directory entries

    /// The entry `name` in `dir`, or nil when absent.
    public func lookup(_ dir: UInt64, _ name: [UInt8]) throws(DFSError) -> DirEntry? {
        let t = try live()
        var out = dfs_dirent()
        out.struct_size = UInt32(MemoryLayout<dfs_dirent>.size)
        do {
            try name.withUnsafeBufferPointer { (buf) throws(DFSError) in
                try abiCall("dirent_lookup") { vt.pointee.dirent_lookup(t, dir, buf.baseAddress, UInt32(buf.count), &out, $0) }
            }
        } catch where error.status == .noent {
            return nil
        }
        return DirEntry(name: name, ino: out.ino, type: out.type, cookie: out.cookie)
    }

    /// Insert `name` -> `ino` in `dir`; returns the cookie the store assigned.
    @discardableResult
    public func insert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32) throws(DFSError) -> UInt64 {
        let t = try live()
        var cookie: UInt64 = 0
        try name.withUnsafeBufferPointer { (buf) throws(DFSError) in
            try abiCall("dirent_insert") { vt.pointee.dirent_insert(t, dir, buf.baseAddress, UInt32(buf.count), ino, type, &cookie, $0) }
        }
        return cookie
    }

    public func remove(_ dir: UInt64, _ name: [UInt8]) throws(DFSError) {
        let t = try live()
        try name.withUnsafeBufferPointer { (buf) throws(DFSError) in
            try abiCall("dirent_remove") { vt.pointee.dirent_remove(t, dir, buf.baseAddress, UInt32(buf.count), $0) }
        }
    }

    /// Visit entries of `dir` with cookie > `after`, ascending, while `body`
    /// returns true.
    public func forEachEntry(_ dir: UInt64, after: UInt64 = 0, _ body: (DirEntry) -> Bool) throws(DFSError) {
        let t = try live()
        try withoutActuallyEscaping(body) { (body) throws(DFSError) in
            var box = body
            try withUnsafeMutablePointer(to: &box) { (ctx) throws(DFSError) in
                try abiCall("dirent_list") {
                    vt.pointee.dirent_list(t, dir, after, { ctx, e in
                        guard let ctx, let e else { return 1 }
                        let f = ctx.assumingMemoryBound(to: ((DirEntry) -> Bool).self).pointee
                        let name = e.pointee.name.map { Array(UnsafeBufferPointer(start: $0, count: Int(e.pointee.name_len))) } ?? []
                        return f(DirEntry(name: name, ino: e.pointee.ino, type: e.pointee.type, cookie: e.pointee.cookie)) ? 0 : 1
                    }, ctx, $0)
                }
            }
        }
    }

    /// Up to `limit` entries of `dir` after cookie `after`.
    public func list(_ dir: UInt64, after: UInt64 = 0, limit: Int = .max) throws(DFSError) -> [DirEntry] {
        var out: [DirEntry] = []
        guard limit > 0 else { return out }
        try forEachEntry(dir, after: after) { e in
            out.append(e)
            return out.count < limit
        }
        return out
    }

    // MARK: share roots

    /// Root inode of `share`, or nil when unset.
    public func root(_ share: String) throws(DFSError) -> UInt64? {
        let t = try live()
        var ino: UInt64 = 0
        let b = Array(share.utf8)
        do {
            try b.withUnsafeBufferPointer { (buf) throws(DFSError) in
                try abiCall("root_get") { vt.pointee.root_get(t, buf.baseAddress, UInt32(buf.count), &ino, $0) }
            }
        } catch where error.status == .noent {
            return nil
        }
        return ino
    }

    public func setRoot(_ share: String, ino: UInt64) throws(DFSError) {
        let t = try live()
        let b = Array(share.utf8)
        try b.withUnsafeBufferPointer { (buf) throws(DFSError) in
            try abiCall("root_set") { vt.pointee.root_set(t, buf.baseAddress, UInt32(buf.count), ino, $0) }
        }
    }

    public func removeRoot(_ share: String) throws(DFSError) {
        let t = try live()
        let b = Array(share.utf8)
        try b.withUnsafeBufferPointer { (buf) throws(DFSError) in
            try abiCall("root_remove") { vt.pointee.root_remove(t, buf.baseAddress, UInt32(buf.count), $0) }
        }
    }

    /// Every share root, in byte order of the share name.
    public func roots() throws(DFSError) -> [(share: [UInt8], ino: UInt64)] {
        let t = try live()
        var out: [(share: [UInt8], ino: UInt64)] = []
        try withUnsafeMutablePointer(to: &out) { (ctx) throws(DFSError) in
            try abiCall("root_list") {
                vt.pointee.root_list(t, { ctx, name, len, ino in
                    let list = ctx!.assumingMemoryBound(to: [(share: [UInt8], ino: UInt64)].self)
                    list.pointee.append((name.map { Array(UnsafeBufferPointer(start: $0, count: Int(len))) } ?? [], ino))
                    return 0
                }, ctx, $0)
            }
        }
        return out
    }

    // MARK: key/value space

    /// The value of `key`, or nil when absent.
    public func get(_ key: [UInt8]) throws(DFSError) -> [UInt8]? {
        let t = try live()
        var cap = 256
        while true {
            var value = [UInt8](repeating: 0, count: cap)
            var len: UInt32 = 0
            do {
                try key.withUnsafeBufferPointer { (k) throws(DFSError) in
                    try value.withUnsafeMutableBufferPointer { (v) throws(DFSError) in
                        try abiCall("kv_get") { vt.pointee.kv_get(t, k.baseAddress, UInt32(k.count), v.baseAddress, UInt32(v.count), &len, $0) }
                    }
                }
            } catch where error.status == .noent {
                return nil
            } catch where error.status == .range && Int(len) > cap {
                cap = Int(len)
                continue
            }
            return Array(value[0..<Int(len)])
        }
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws(DFSError) {
        let t = try live()
        try key.withUnsafeBufferPointer { (k) throws(DFSError) in
            try value.withUnsafeBufferPointer { (v) throws(DFSError) in
                try abiCall("kv_put") { vt.pointee.kv_put(t, k.baseAddress, UInt32(k.count), v.baseAddress, UInt32(v.count), $0) }
            }
        }
    }

    public func delete(_ key: [UInt8]) throws(DFSError) {
        let t = try live()
        try key.withUnsafeBufferPointer { (k) throws(DFSError) in
            try abiCall("kv_delete") { vt.pointee.kv_delete(t, k.baseAddress, UInt32(k.count), $0) }
        }
    }

    /// Visit keys in [start, end) ascending while `body` returns true;
    /// `end` nil means to the end of the space.
    public func scan(from start: [UInt8] = [], to end: [UInt8]? = nil,
                     _ body: ([UInt8], [UInt8]) -> Bool) throws(DFSError) {
        let t = try live()
        let endBytes = end ?? []
        try withoutActuallyEscaping(body) { (body) throws(DFSError) in
            var box = body
            try withUnsafeMutablePointer(to: &box) { (ctx) throws(DFSError) in
                try start.withUnsafeBufferPointer { (s) throws(DFSError) in
                    try endBytes.withUnsafeBufferPointer { (e) throws(DFSError) in
                        try abiCall("kv_scan") {
                            vt.pointee.kv_scan(t, s.count > 0 ? s.baseAddress : nil, UInt32(s.count),
                                               end == nil ? nil : e.baseAddress, UInt32(e.count), { ctx, k, kl, v, vl in
                                let f = ctx!.assumingMemoryBound(to: (([UInt8], [UInt8]) -> Bool).self).pointee
                                let key = k.map { Array(UnsafeBufferPointer(start: $0, count: Int(kl))) } ?? []
                                let val = v.map { Array(UnsafeBufferPointer(start: $0, count: Int(vl))) } ?? []
                                return f(key, val) ? 0 : 1
                            }, ctx, $0)
                        }
                    }
                }
            }
        }
    }

    /// All pairs in [start, end).
    public func scanAll(from start: [UInt8] = [], to end: [UInt8]? = nil) throws(DFSError) -> [([UInt8], [UInt8])] {
        var out: [([UInt8], [UInt8])] = []
        try scan(from: start, to: end) { k, v in out.append((k, v)); return true }
        return out
    }
}
