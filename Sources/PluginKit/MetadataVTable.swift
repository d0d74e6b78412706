import PluginABI

// The one `dfs_meta_vtable` of every Swift metadata store: C shims over
// `MetadataBackendStore` / `MetadataBackendTxn`. C function pointers cannot
// capture a generic store type, so the opaque handles are boxes holding the
// store and transaction as existentials.

final class MetaStoreBox {
    let store: any MetadataBackendStore
    init(_ store: any MetadataBackendStore) { self.store = store }
}

final class MetaTxnBox {
    let txn: any MetadataBackendTxn
    init(_ txn: any MetadataBackendTxn) { self.txn = txn }
}

/// The C `open` entry of a Swift store, in one line:
/// `open: { json, _, out, err in openMetadataStore(out, err) { try Store.open(config: json) } }`.
public func openMetadataStore(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: UnsafeMutablePointer<dfs_error>?,
                              _ make: () throws -> any MetadataBackendStore) -> dfs_status {
    pluginCall(err) {
        let out = try need(out, "out pointer")
        out.pointee = Opaque.retain(MetaStoreBox(try make()))
    }
}

/// The vtable of a Swift metadata store: `open` (see `openMetadataStore`)
/// plus shared shims for every other entry. `reportsCapacity`: statfs asks
/// `inodeCapacity()`; otherwise statfs is NULL (no limit of its own).
public func metadataVTable(
    open: @escaping @convention(c) (UnsafePointer<CChar>?, UnsafePointer<dfs_host_info>?,
                                    UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<dfs_error>?) -> dfs_status,
    reportsCapacity: Bool
) -> dfs_meta_vtable {
    dfs_meta_vtable(
        struct_size: structSize(dfs_meta_vtable.self),
        reserved: 0,
        open: open,
        close: { s in
            if let s { Opaque.release(s, as: MetaStoreBox.self) }
        },
        txn_begin: { s, flags, out, err in
            pluginCall(err) {
                let st = try store(s)
                let out = try need(out, "out pointer")
                if flags & ~UInt32(DFS_TXN_READONLY) != 0 {
                    throw PluginError.inval("unknown txn_begin flags 0x\(String(flags, radix: 16))")
                }
                out.pointee = Opaque.retain(MetaTxnBox(try st.beginTransaction(readOnly: flags & UInt32(DFS_TXN_READONLY) != 0)))
            }
        },
        txn_commit: { t, err in
            guard let t else { return setError(err, dfs_status(DFS_ERR_INVAL), "NULL transaction") }
            defer { Opaque.release(t, as: MetaTxnBox.self) }
            return pluginCall(err) { try Opaque.get(t, as: MetaTxnBox.self).txn.commit() }
        },
        txn_abort: { t in
            guard let t else { return }
            Opaque.get(t, as: MetaTxnBox.self).txn.abort()
            Opaque.release(t, as: MetaTxnBox.self)
        },
        alloc_ids: { s, count, first, err in
            pluginCall(err) {
                let first = try need(first, "first pointer")
                first.pointee = try store(s).allocIDs(count)
            }
        },
        inode_get: { t, ino, out, target, cap, err in
            pluginCall(err) {
                let out = try need(out, "inode out pointer")
                let v = try txn(t).inodeGet(ino)
                writeInode(v, to: out)
                guard let target, let tg = v.target, !tg.isEmpty else { return }
                if Int(cap) < tg.count {
                    throw PluginError.range("symlink target needs \(tg.count) bytes, buffer has \(cap)")
                }
                tg.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: tg.count) }
            }
        },
        inode_create: { t, inode, target, targetLen, err in
            pluginCall(err) { try txn(t).inodeCreate(inode, target: target, targetLen: targetLen) }
        },
        inode_update: { t, inode, err in
            pluginCall(err) { try txn(t).inodeUpdate(inode) }
        },
        inode_delete: { t, ino, err in
            pluginCall(err) { try txn(t).inodeDelete(ino) }
        },
        dirent_lookup: { t, dir, name, nameLen, out, err in
            pluginCall(err) {
                let tx = try txn(t)
                let n = try checkName(name, nameLen, "name")
                let out = try need(out, "dirent out pointer")
                writeDirent(try tx.direntLookup(dir, n), name: name, nameLen: nameLen, to: out)
            }
        },
        dirent_insert: { t, dir, name, nameLen, ino, type, cookieOut, err in
            pluginCall(err) {
                let tx = try txn(t)
                let cookie = try tx.direntInsert(dir, try checkName(name, nameLen, "name"), ino: ino, type: type)
                cookieOut?.pointee = cookie
            }
        },
        dirent_remove: { t, dir, name, nameLen, err in
            pluginCall(err) {
                let tx = try txn(t)
                try tx.direntRemove(dir, try checkName(name, nameLen, "name"))
            }
        },
        dirent_list: { t, dir, after, cb, ctx, err in
            pluginCall(err) {
                let tx = try txn(t)
                let cb = try need(cb, "callback")
                try tx.direntList(dir, after: after) { name, v in
                    var d = dfs_dirent(
                        struct_size: structSize(dfs_dirent.self), type: v.type, ino: v.ino, cookie: v.cookie,
                        name: name.baseAddress?.assumingMemoryBound(to: UInt8.self), name_len: UInt32(name.count), reserved: 0)
                    return cb(ctx, &d) != 0
                }
            }
        },
        root_get: { t, share, shareLen, ino, err in
            pluginCall(err) {
                let tx = try txn(t)
                let s = try checkName(share, shareLen, "share name")
                let ino = try need(ino, "ino pointer")
                ino.pointee = try tx.rootGet(s)
            }
        },
        root_set: { t, share, shareLen, ino, err in
            pluginCall(err) {
                let tx = try txn(t)
                try tx.rootSet(try checkName(share, shareLen, "share name"), ino)
            }
        },
        root_remove: { t, share, shareLen, err in
            pluginCall(err) {
                let tx = try txn(t)
                try tx.rootRemove(try checkName(share, shareLen, "share name"))
            }
        },
        root_list: { t, cb, ctx, err in
            pluginCall(err) {
                let tx = try txn(t)
                let cb = try need(cb, "callback")
                try tx.rootList { name, ino in
                    cb(ctx, name.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(name.count), ino) != 0
                }
            }
        },
        kv_get: { t, key, keyLen, value, cap, valueLen, err in
            pluginCall(err) {
                let tx = try txn(t)
                let k = try checkKey(key, keyLen)
                let valueLen = try need(valueLen, "value_len pointer")
                try tx.kvGet(k) { v in
                    valueLen.pointee = UInt32(v.count)
                    if v.isEmpty { return }
                    guard let value, Int(cap) >= v.count else {
                        throw PluginError.range("kv value needs \(v.count) bytes, buffer has \(value == nil ? 0 : cap)")
                    }
                    UnsafeMutableRawPointer(value).copyMemory(from: v.baseAddress!, byteCount: v.count)
                }
            }
        },
        kv_put: { t, key, keyLen, value, valueLen, err in
            pluginCall(err) {
                let tx = try txn(t)
                try tx.kvPut(try checkKey(key, keyLen), value, valueLen)
            }
        },
        kv_delete: { t, key, keyLen, err in
            pluginCall(err) {
                let tx = try txn(t)
                try tx.kvDelete(try checkKey(key, keyLen))
            }
        },
        kv_scan: { t, start, startLen, end, endLen, cb, ctx, err in
            pluginCall(err) {
                let tx = try txn(t)
                let cb = try need(cb, "callback")
                let from = bytes(start, startLen)
                let to: [UInt8]? = end == nil || endLen == 0 ? nil : bytes(end, endLen)
                try tx.kvScan(from: from, to: to) { k, v in
                    // A value may be empty: pass a valid (non-NULL) pointer anyway.
                    withUnsafeBytes(of: UInt8(0)) { e in
                        cb(ctx, k.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(k.count),
                           (v.baseAddress ?? e.baseAddress)?.assumingMemoryBound(to: UInt8.self), UInt32(v.count)) != 0
                    }
                }
            }
        },
        statfs: reportsCapacity ? { s, out, err in
            pluginCall(err) {
                let (total, free) = try store(s).inodeCapacity()
                let out = try need(out, "statfs out pointer")
                StructLayout.set(out, \.inodes_total, total)
                StructLayout.set(out, \.inodes_free, free)
            }
        } : nil
    )
}

/// The store behind an opaque `dfs_meta_store *`.
@inline(__always)
private func store(_ p: OpaquePointer?) throws -> any MetadataBackendStore {
    guard let p else { throw PluginError.inval("NULL store") }
    return Opaque.get(p, as: MetaStoreBox.self).store
}

/// The open transaction behind an opaque `dfs_meta_txn *`.
@inline(__always)
private func txn(_ p: OpaquePointer?) throws -> any MetadataBackendTxn {
    guard let p else { throw PluginError.inval("NULL transaction") }
    let t = Opaque.get(p, as: MetaTxnBox.self).txn
    if t.finished { throw PluginError(DFS_ERR_CLOSED, "transaction already finished") }
    return t
}

/// Fails INVAL when a required out-pointer is NULL.
@inline(__always)
private func need<T>(_ p: T?, _ what: String) throws -> T {
    guard let p else { throw PluginError.inval("NULL \(what)") }
    return p
}

@inline(__always)
private func checkName(_ p: UnsafePointer<UInt8>?, _ len: UInt32, _ what: String) throws -> [UInt8] {
    try checkName(p, len, what, plugin: "metadata store")
}

@inline(__always)
private func checkKey(_ p: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    try checkKey(p, len, plugin: "metadata store")
}
