import PluginABI
import PluginKit

/// Directory entry operations (lookup / insert / remove). Listing is in
/// Listing.swift.
extension Txn {
    /// The committed entry `name` in `dir` (records the read).
    private func committedDirent(_ dir: UInt64, _ name: Bytes) throws -> DirentVal? {
        if !readOnly { direntTouched.insert(DirentKey(dir: dir, name: name)) }
        return try store.state.withLock { st in
            try self.see(st.dirs[dir]?.byName[name], "an entry of directory \(dir)")
        }
    }

    /// Entry `name` in `dir` as this transaction sees it (own writes first).
    private func viewDirent(_ dir: UInt64, _ name: Bytes) throws -> DirentVal? {
        if let p = dirWrites[dir]?.changes[name] { return p.value }
        return try committedDirent(dir, name)
    }

    func direntLookup(_ dir: UInt64, _ name: Bytes) throws -> DirentVal {
        guard let v = try viewDirent(dir, name) else {
            throw PluginError.noent("memory: no such entry in directory \(dir)")
        }
        return v
    }

    /// Inserts `name` -> (`ino`, `type`) and returns its cookie, taken from
    /// the directory's counter now (so it is final and never reused).
    func direntInsert(_ dir: UInt64, _ name: Bytes, ino: UInt64, type: UInt32) throws -> UInt64 {
        try requireWritable()
        if dir == 0 { throw PluginError.inval("memory: directory inode 0 is reserved") }
        if ino == 0 { throw PluginError.inval("memory: entry inode 0 is reserved") }
        let buffered = dirWrites[dir]?.changes[name]
        if buffered?.value != nil { throw PluginError.exist("memory: entry exists in directory \(dir)") }
        // Without a buffered delete, the committed entry decides.
        let checkCommitted = buffered == nil
        if checkCommitted { direntTouched.insert(DirentKey(dir: dir, name: name)) }
        let cookie: UInt64 = try store.state.withLock { st in
            if checkCommitted, try self.see(st.dirs[dir]?.byName[name], "an entry of directory \(dir)") != nil {
                throw PluginError.exist("memory: entry exists in directory \(dir)")
            }
            let c = st.dirs[dir]?.nextCookie ?? 1
            if c >= 1 << 62 { throw PluginError(DFS_ERR_NOSPC, "memory: cookies of directory \(dir) exhausted") }
            st.dirs[dir, default: DirState()].nextCookie = c + 1
            return c
        }
        dirWrites[dir, default: TxnDir()].changes[name] = .put(DirentVal(cookie: cookie, ino: ino, type: type))
        dirWrites[dir]!.sortedPuts = nil
        return cookie
    }

    func direntRemove(_ dir: UInt64, _ name: Bytes) throws {
        try requireWritable()
        if try viewDirent(dir, name) == nil {
            throw PluginError.noent("memory: no such entry in directory \(dir)")
        }
        dirWrites[dir, default: TxnDir()].changes[name] = .deleted
        dirWrites[dir]!.sortedPuts = nil
    }

    /// This transaction's inserted entries of `dir` in cookie order (cached).
    func bufferedPuts(_ dir: UInt64) -> [(name: Bytes, val: DirentVal)] {
        guard let d = dirWrites[dir] else { return [] }
        if let s = d.sortedPuts { return s }
        let s = d.changes.compactMap { name, p in p.value.map { (name: name, val: $0) } }
            .sorted { $0.val.cookie < $1.val.cookie }
        dirWrites[dir]!.sortedPuts = s
        return s
    }
}
