import PluginABI
import PluginKit

/// The store behind an opaque `dfs_meta_store *`.
@inline(__always)
private func store(_ p: OpaquePointer?) throws -> Store {
    guard let p else { throw PluginError.inval("postgres: NULL store") }
    return Opaque.get(p, as: Store.self)
}

/// The transaction behind an opaque `dfs_meta_txn *`.
@inline(__always)
private func txn(_ p: OpaquePointer?) throws -> Txn {
    guard let p else { throw PluginError.inval("postgres: NULL transaction") }
    let t = Opaque.get(p, as: Txn.self)
    if t.finished { throw PluginError(DFS_ERR_CLOSED, "postgres: transaction already finished") }
    return t
}

/// Fails INVAL when a required out-pointer is NULL.
@inline(__always)
private func need<T>(_ p: T?, _ what: String) throws -> T {
    guard let p else { throw PluginError.inval("postgres: NULL \(what)") }
    return p
}

/// The `dfs_meta_vtable` of the `postgres` store: thin C shims over `Store`
/// and `Txn`. Every entry catches errors through `pluginCall`.
let metaVTable = dfs_meta_vtable(
    struct_size: structSize(dfs_meta_vtable.self),
    reserved: 0,
    open: { json, _, out, err in
        pluginCall(err) {
            let out = try need(out, "out pointer")
            out.pointee = Opaque.retain(try Store.open(config: json))
        }
    },
    close: { s in
        if let s { Opaque.release(s, as: Store.self) }
    },
    txn_begin: { s, flags, out, err in
        pluginCall(err) {
            let st = try store(s)
            let out = try need(out, "out pointer")
            if flags & ~UInt32(DFS_TXN_READONLY) != 0 {
                throw PluginError.inval("postgres: unknown txn_begin flags 0x\(String(flags, radix: 16))")
            }
            out.pointee = Opaque.retain(try Txn(store: st, readOnly: flags & UInt32(DFS_TXN_READONLY) != 0))
        }
    },
    txn_commit: { t, err in
        guard let t else { return setError(err, dfs_status(DFS_ERR_INVAL), "postgres: NULL transaction") }
        defer { Opaque.release(t, as: Txn.self) }
        return pluginCall(err) { try Opaque.get(t, as: Txn.self).commit() }
    },
    txn_abort: { t in
        guard let t else { return }
        Opaque.get(t, as: Txn.self).abort()
        Opaque.release(t, as: Txn.self)
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
            guard let target, let tg = v.target else { return }
            if Int(cap) < tg.count {
                throw PluginError.range("postgres: symlink target needs \(tg.count) bytes, buffer has \(cap)")
            }
            if tg.isEmpty { return }
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
            try tx.direntList(dir, after: after) { b, v in
                var d = dfs_dirent(
                    struct_size: structSize(dfs_dirent.self), type: v.type, ino: v.ino, cookie: v.cookie,
                    name: b.baseAddress, name_len: UInt32(b.count), reserved: 0)
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
            try tx.rootList { b, ino in cb(ctx, b.baseAddress, UInt32(b.count), ino) != 0 }
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
                    throw PluginError.range("postgres: kv value needs \(v.count) bytes, buffer has \(value == nil ? 0 : cap)")
                }
                value.update(from: v.baseAddress!, count: v.count)
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
            try tx.kvScan(from: from, to: to) { kb, vb in
                cb(ctx, kb.baseAddress, UInt32(kb.count), vb.baseAddress, UInt32(vb.count)) != 0
            }
        }
    },
    statfs: nil
)
