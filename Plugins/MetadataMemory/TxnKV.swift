import PluginABI
import PluginKit

/// Share-root and kv point operations. Listing (root_list, kv_scan) is in
/// Listing.swift.
extension Txn {
    // MARK: roots

    /// Root of `share` as this transaction sees it (records the read).
    private func viewRoot(_ share: Bytes) throws -> UInt64? {
        if let w = rootWrites[share] { return w.value }
        if !readOnly { rootTouched.insert(share) }
        return try store.state.withLock { st in try self.see(st.roots[share], "a share root") }
    }

    func rootGet(_ share: Bytes) throws -> UInt64 {
        guard let ino = try viewRoot(share) else { throw PluginError.noent("memory: no root for that share") }
        return ino
    }

    /// Blind write: validated at commit, no lock taken now.
    func rootSet(_ share: Bytes, _ ino: UInt64) throws {
        try requireWritable()
        if ino == 0 { throw PluginError.inval("memory: root inode 0 is reserved") }
        rootTouched.insert(share)
        rootWrites[share] = .put(ino)
    }

    func rootRemove(_ share: Bytes) throws {
        try requireWritable()
        if try viewRoot(share) == nil { throw PluginError.noent("memory: no root for that share") }
        rootWrites[share] = .deleted
    }

    // MARK: kv

    /// Value of `key` as this transaction sees it (records the read).
    private func viewKV(_ key: Bytes) throws -> [UInt8]? {
        if let w = kvWrites[key] { return w.value }
        if !readOnly { kvTouched.insert(key) }
        return try store.state.withLock { st in try self.see(st.kv[key], "a kv key") }
    }

    func kvGet(_ key: Bytes) throws -> [UInt8] {
        guard let v = try viewKV(key) else { throw PluginError.noent("memory: no such kv key") }
        return v
    }

    /// Blind write: validated at commit, no lock taken now.
    func kvPut(_ key: Bytes, _ value: UnsafePointer<UInt8>?, _ len: UInt32) throws {
        try requireWritable()
        if len > UInt32(DFS_KV_VALUE_MAX) {
            throw PluginError.inval("memory: kv value of \(len) bytes exceeds \(DFS_KV_VALUE_MAX)")
        }
        if len > 0 && value == nil { throw PluginError.inval("memory: NULL kv value") }
        kvTouched.insert(key)
        if kvWrites[key] == nil { kvSortedKeys = nil }
        kvWrites[key] = .put(bytes(value, len))
    }

    func kvDelete(_ key: Bytes) throws {
        try requireWritable()
        if try viewKV(key) == nil { throw PluginError.noent("memory: no such kv key") }
        if kvWrites[key] == nil { kvSortedKeys = nil }
        kvWrites[key] = .deleted
    }

    /// The keys this transaction wrote, in byte order (cached).
    func sortedKVWrites() -> [Bytes] {
        if let s = kvSortedKeys { return s }
        let s = kvWrites.keys.sorted { compareBytes($0, $1) < 0 }
        kvSortedKeys = s
        return s
    }
}
