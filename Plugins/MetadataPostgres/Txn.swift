import PluginABI
import PluginKit

/// A (directory, name) pair: the key of a dirent record.
struct DirentKey: Hashable {
    var dir: UInt64
    var name: [UInt8]
}

/// One transaction on one pooled connection. Used by one thread at a time
/// (ABI rule). Read-write: SERIALIZABLE; read-only: REPEATABLE READ READ
/// ONLY (a snapshot; never fails at commit, never blocks). The snapshot is
/// taken at begin (a first statement runs with BEGIN).
final class Txn {
    let store: Store
    private(set) var conn: Conn?
    let readOnly: Bool
    /// The error that ended the server-side transaction (a conflict, a lock
    /// timeout, a lost connection): every later op and the commit fail RETRY.
    private var doomed: PluginError?
    var finished: Bool { conn == nil }

    // Read sets of a read-write transaction: what it saw (true: present,
    // false: absent) and what it wrote, for the commit-time validation.
    private var inodesSeen: [UInt64: Bool] = [:]
    private var inodesWritten = Set<UInt64>()
    private var direntsSeen: [DirentKey: Bool] = [:]
    private var direntsWritten = Set<DirentKey>()
    private var rootsSeen: [[UInt8]: Bool] = [:]
    private var rootsWritten = Set<[UInt8]>()
    private var kvSeen: [[UInt8]: Bool] = [:]
    private var kvWritten = Set<[UInt8]>()

    init(store: Store, readOnly: Bool) throws {
        self.store = store
        self.readOnly = readOnly
        let c = try store.pool.acquire(waitMS: max(store.config.lockTimeoutMS, 1000))
        do {
            try c.exec(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1"
                                : "BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE; SELECT 1", "begin")
        } catch {
            store.pool.release(c)
            throw error
        }
        conn = c
    }

    /// Runs a prepared statement; any server error dooms the transaction
    /// (PostgreSQL aborts it), so ops never rely on errors for NOENT/EXIST.
    private func q(_ stmt: String, _ params: [Param]) throws -> PGResult {
        if let doomed { throw PluginError.retry("postgres: transaction already failed: \(doomed.message)") }
        guard let conn else { throw PluginError(DFS_ERR_CLOSED, "postgres: transaction already finished") }
        do {
            return try conn.run(stmt, params)
        } catch let e as PluginError {
            doomed = e
            throw e.code == DFS_ERR_RETRY ? e : PluginError.retry("postgres: transaction aborted: \(e.message)")
        }
    }

    private func requireWritable() throws {
        if readOnly { throw PluginError.inval("postgres: write in a read-only transaction") }
    }

    /// COMMIT; RETRY when the server refuses (serialization failure) or
    /// the transaction had already failed. Returns the connection.
    func commit() throws {
        guard let c = conn else { throw PluginError(DFS_ERR_CLOSED, "postgres: transaction already finished") }
        conn = nil
        defer { store.pool.release(c) }
        if doomed == nil && !readOnly {
            conn = c
            do { try validate() } catch {}
            conn = nil
        }
        if let doomed {
            _ = try? c.exec("ROLLBACK")
            throw PluginError.retry("postgres: commit of a failed transaction: \(doomed.message)")
        }
        // Errors: 40001 -> RETRY; a connection lost at commit is ambiguous
        // and surfaces as AGAIN.
        let r = try c.exec("COMMIT", "commit")
        if r.command != "COMMIT" {
            throw PluginError.retry("postgres: the server rolled the transaction back (\(r.command))")
        }
    }

    /// The ABI wants more than PostgreSQL's SERIALIZABLE: a read-write
    /// transaction whose read record was changed by a transaction that
    /// committed first must fail, even when ordering it first would be
    /// serializable. So before COMMIT, rows it saw are locked FOR SHARE
    /// (40001 when changed or deleted since the snapshot) and rows it found
    /// absent are trial-inserted under a savepoint (40001 when inserted
    /// since). Listings rely on SSI's predicate locks (serializable).
    private func validate() throws {
        func present<K>(_ seen: [K: Bool], _ written: Set<K>) -> [K] {
            seen.compactMap { $0.value && !written.contains($0.key) ? $0.key : nil }
        }
        func absent<K>(_ seen: [K: Bool], _ written: Set<K>) -> [K] {
            seen.compactMap { !$0.value && !written.contains($0.key) ? $0.key : nil }
        }
        let pi = present(inodesSeen, inodesWritten), pd = present(direntsSeen, direntsWritten)
        let pr = present(rootsSeen, rootsWritten), pk = present(kvSeen, kvWritten)
        if !pi.isEmpty { _ = try q(Stmt.vInodes, [.i64Array(pi.map { Int64(bitPattern: $0) })]) }
        if !pd.isEmpty { _ = try q(Stmt.vDirents, [.i64Array(pd.map { Int64(bitPattern: $0.dir) }), .bytesArray(pd.map(\.name))]) }
        if !pr.isEmpty { _ = try q(Stmt.vRoots, [.bytesArray(pr)]) }
        if !pk.isEmpty { _ = try q(Stmt.vKV, [.bytesArray(pk)]) }
        let ai = absent(inodesSeen, inodesWritten), ad = absent(direntsSeen, direntsWritten)
        let ar = absent(rootsSeen, rootsWritten), ak = absent(kvSeen, kvWritten)
        if ai.isEmpty && ad.isEmpty && ar.isEmpty && ak.isEmpty { return }
        try sql("SAVEPOINT dfs_validate")
        if !ai.isEmpty { _ = try q(Stmt.aInodes, [.i64Array(ai.map { Int64(bitPattern: $0) })]) }
        if !ad.isEmpty { _ = try q(Stmt.aDirents, [.i64Array(ad.map { Int64(bitPattern: $0.dir) }), .bytesArray(ad.map(\.name))]) }
        if !ar.isEmpty { _ = try q(Stmt.aRoots, [.bytesArray(ar)]) }
        if !ak.isEmpty { _ = try q(Stmt.aKV, [.bytesArray(ak)]) }
        try sql("ROLLBACK TO SAVEPOINT dfs_validate")
    }

    /// Plain SQL inside the transaction (same dooming rules as `q`).
    private func sql(_ text: String) throws {
        if let doomed { throw PluginError.retry("postgres: transaction already failed: \(doomed.message)") }
        guard let conn else { throw PluginError(DFS_ERR_CLOSED, "postgres: transaction already finished") }
        do {
            try conn.exec(text)
        } catch let e as PluginError {
            doomed = e
            throw e
        }
    }

    func abort() {
        guard let c = conn else { return }
        conn = nil
        _ = try? c.exec("ROLLBACK")
        store.pool.release(c)
    }

    // MARK: inodes

    private static func params(_ i: dfs_inode, target: [UInt8]?) -> [Param] {
        var p: [Param] = [
            .u64(i.ino), .u32(i.mode), .u64(i.generation), .u64(i.size), .u32(i.nlink), .u32(i.uid), .u32(i.gid),
            .u64(i.rdev), .u64(i.parent), .u64(i.change), .u64(i.flags),
        ]
        for t in [i.atime, i.mtime, i.ctime, i.btime] {
            p.append(.i64(t.sec))
            p.append(.i32(Int32(bitPattern: t.nsec)))
        }
        if let target { p.append(target.isEmpty ? .null : .bytes(target)) }
        return p
    }

    private func fetchInode(_ ino: UInt64) throws -> InodeVal? {
        let r = try q(Stmt.inodeGet, [.u64(ino)])
        if !readOnly && inodesSeen[ino] == nil { inodesSeen[ino] = r.rows > 0 }
        guard r.rows > 0 else { return nil }
        var i = dfs_inode()
        i.struct_size = structSize(dfs_inode.self)
        i.ino = ino
        i.mode = r.u32(0, 0); i.generation = r.u64(0, 1); i.size = r.u64(0, 2)
        i.nlink = r.u32(0, 3); i.uid = r.u32(0, 4); i.gid = r.u32(0, 5)
        i.rdev = r.u64(0, 6); i.parent = r.u64(0, 7); i.change = r.u64(0, 8); i.flags = r.u64(0, 9)
        func ts(_ c: Int) -> dfs_timespec {
            dfs_timespec(sec: r.i64(0, c), nsec: UInt32(bitPattern: r.i32(0, c + 1)), reserved: 0)
        }
        i.atime = ts(10); i.mtime = ts(12); i.ctime = ts(14); i.btime = ts(16)
        let target: [UInt8]? = r.isNull(0, 18) ? nil : r.bytes(0, 18)
        return InodeVal(inode: i, target: target)
    }

    func inodeGet(_ ino: UInt64) throws -> InodeVal {
        guard let v = try fetchInode(ino) else { throw PluginError.noent("postgres: no inode \(ino)") }
        return v
    }

    func inodeCreate(_ p: UnsafePointer<dfs_inode>?, target: UnsafePointer<UInt8>?, targetLen: UInt32) throws {
        try requireWritable()
        let inode = try readInode(p, base: dfs_inode())
        if targetLen > UInt32(DFS_SYMLINK_MAX) {
            throw PluginError.nameTooLong("postgres: symlink target of \(targetLen) bytes exceeds \(DFS_SYMLINK_MAX)")
        }
        if targetLen > 0 && target == nil { throw PluginError.inval("postgres: NULL symlink target") }
        if targetLen == 0 && inode.mode & UInt32(DFS_S_IFMT) == UInt32(DFS_TYPE_LNK) << 12 {
            throw PluginError.inval("postgres: symlink inode \(inode.ino) needs a target of 1...\(DFS_SYMLINK_MAX) bytes")
        }
        inodesWritten.insert(inode.ino)
        let r = try q(Stmt.inodeInsert, Self.params(inode, target: bytes(target, targetLen)))
        if r.affected == 0 { throw PluginError.exist("postgres: inode \(inode.ino) exists") }
    }

    func inodeUpdate(_ p: UnsafePointer<dfs_inode>?) throws {
        try requireWritable()
        let probe = try readInode(p, base: dfs_inode())
        var inode = probe
        if Layout.inodeBytes(Layout.structSize(p!)) < MemoryLayout<dfs_inode>.size {
            // A shorter struct: members past it keep their stored values.
            guard let old = try fetchInode(probe.ino) else { throw PluginError.noent("postgres: no inode \(probe.ino)") }
            inode = try readInode(p, base: old.inode)
        }
        inodesWritten.insert(inode.ino)
        let r = try q(Stmt.inodeUpdate, Self.params(inode, target: nil))
        if r.affected == 0 { throw PluginError.noent("postgres: no inode \(inode.ino)") }
    }

    func inodeDelete(_ ino: UInt64) throws {
        try requireWritable()
        inodesWritten.insert(ino)
        let r = try q(Stmt.inodeDelete, [.u64(ino)])
        if r.affected == 0 { throw PluginError.noent("postgres: no inode \(ino)") }
    }

    // MARK: dirents

    func direntLookup(_ dir: UInt64, _ name: [UInt8]) throws -> DirentVal {
        let r = try q(Stmt.direntLookup, [.u64(dir), .bytes(name)])
        let k = DirentKey(dir: dir, name: name)
        if !readOnly && direntsSeen[k] == nil { direntsSeen[k] = r.rows > 0 }
        guard r.rows > 0 else { throw PluginError.noent("postgres: no entry in directory \(dir)") }
        return DirentVal(cookie: r.u64(0, 2), ino: r.u64(0, 0), type: r.u32(0, 1))
    }

    /// Checks the name is free, then takes the directory's next cookie with
    /// an upsert on dir_cookies (a row write: two transactions inserting
    /// into one directory conflict, which is the ABI's commit-order rule).
    func direntInsert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32) throws -> UInt64 {
        try requireWritable()
        direntsWritten.insert(DirentKey(dir: dir, name: name))
        let l = try q(Stmt.direntLookup, [.u64(dir), .bytes(name)])
        if l.rows > 0 { throw PluginError.exist("postgres: entry exists in directory \(dir)") }
        let c = try q(Stmt.cookieNext, [.u64(dir)])
        let cookie = c.u64(0, 0)
        let r = try q(Stmt.direntInsert, [.u64(dir), .bytes(name), .u64(ino), .u32(type), .u64(cookie)])
        if r.affected == 0 { throw PluginError.exist("postgres: entry exists in directory \(dir)") }
        return cookie
    }

    func direntRemove(_ dir: UInt64, _ name: [UInt8]) throws {
        try requireWritable()
        direntsWritten.insert(DirentKey(dir: dir, name: name))
        let r = try q(Stmt.direntRemove, [.u64(dir), .bytes(name)])
        if r.affected == 0 { throw PluginError.noent("postgres: no entry in directory \(dir)") }
    }

    /// Lists in cookie order, a batch per round trip; `cb` gets borrowed
    /// name bytes and returns true to stop.
    func direntList(_ dir: UInt64, after: UInt64, _ cb: (UnsafeRawBufferPointer, DirentVal) -> Bool) throws {
        // Cookies are < 2^62: nothing lies after a cookie past Int64.max
        // (which would turn negative as a bigint).
        if after > UInt64(Int64.max) { return }
        var after = after
        while true {
            let r = try q(Stmt.direntList, [.u64(dir), .u64(after)])
            for i in 0..<r.rows {
                let v = DirentVal(cookie: r.u64(i, 3), ino: r.u64(i, 1), type: r.u32(i, 2))
                if cb(UnsafeRawBufferPointer(r.raw(i, 0)), v) { return }
                after = v.cookie
            }
            if r.rows < Schema.direntBatch { return }
        }
    }

    // MARK: roots

    func rootGet(_ share: [UInt8]) throws -> UInt64 {
        let r = try q(Stmt.rootGet, [.bytes(share)])
        if !readOnly && rootsSeen[share] == nil { rootsSeen[share] = r.rows > 0 }
        guard r.rows > 0 else { throw PluginError.noent("postgres: no root for that share") }
        return r.u64(0, 0)
    }

    func rootSet(_ share: [UInt8], _ ino: UInt64) throws {
        try requireWritable()
        rootsWritten.insert(share)
        _ = try q(Stmt.rootSet, [.bytes(share), .u64(ino)])
    }

    func rootRemove(_ share: [UInt8]) throws {
        try requireWritable()
        rootsWritten.insert(share)
        let r = try q(Stmt.rootRemove, [.bytes(share)])
        if r.affected == 0 { throw PluginError.noent("postgres: no root for that share") }
    }

    func rootList(_ cb: (UnsafeRawBufferPointer, UInt64) -> Bool) throws {
        var after: [UInt8] = []
        while true {
            let r = try q(Stmt.rootList, [.bytes(after)])
            for i in 0..<r.rows {
                if cb(UnsafeRawBufferPointer(r.raw(i, 0)), r.u64(i, 1)) { return }
            }
            if r.rows < Schema.rootBatch { return }
            after = r.bytes(r.rows - 1, 0)
        }
    }

    // MARK: kv

    func kvGet(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let r = try q(Stmt.kvGet, [.bytes(key)])
        if !readOnly && kvSeen[key] == nil { kvSeen[key] = r.rows > 0 }
        guard r.rows > 0 else { throw PluginError.noent("postgres: no such kv key") }
        try body(UnsafeRawBufferPointer(r.raw(0, 0)))
    }

    func kvPut(_ key: [UInt8], _ value: UnsafePointer<UInt8>?, _ len: UInt32) throws {
        try requireWritable()
        if len > UInt32(DFS_KV_VALUE_MAX) {
            throw PluginError.inval("postgres: kv value of \(len) bytes exceeds \(DFS_KV_VALUE_MAX)")
        }
        if len > 0 && value == nil { throw PluginError.inval("postgres: NULL kv value") }
        kvWritten.insert(key)
        _ = try q(Stmt.kvPut, [.bytes(key), .bytes(bytes(value, len))])
    }

    func kvDelete(_ key: [UInt8]) throws {
        try requireWritable()
        kvWritten.insert(key)
        let r = try q(Stmt.kvDelete, [.bytes(key)])
        if r.affected == 0 { throw PluginError.noent("postgres: no such kv key") }
    }

    func kvScan(from: [UInt8], to: [UInt8]?, _ cb: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) throws {
        var start = from
        if let to, !start.lexicographicallyPrecedes(to) { return }
        while true {
            let r = try to.map { try q(Stmt.kvScanRange, [.bytes(start), .bytes($0)]) }
                ?? q(Stmt.kvScanFrom, [.bytes(start)])
            for i in 0..<r.rows {
                if cb(UnsafeRawBufferPointer(r.raw(i, 0)), UnsafeRawBufferPointer(r.raw(i, 1))) { return }
            }
            if r.rows < Schema.kvBatch { return }
            // The next key in byte order after the last one seen.
            start = r.bytes(r.rows - 1, 0) + [0]
        }
    }
}
