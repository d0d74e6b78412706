import PluginABI

// The one `dfs_payload_vtable` of every Swift payload store: C shims over
// `PayloadBackendStore` (boxed as an existential: C function pointers cannot
// capture a generic store type).

final class PayloadStoreBox {
    let store: any PayloadBackendStore
    init(_ store: any PayloadBackendStore) { self.store = store }
}

/// The C `open` entry of a Swift payload store, in one line:
/// `open: { json, _, out, err in openPayloadStore(out, err) { try Store.open(json) } }`.
public func openPayloadStore(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: UnsafeMutablePointer<dfs_error>?,
                             _ make: () throws -> any PayloadBackendStore) -> dfs_status {
    pluginCall(err) {
        guard let out else { throw PluginError.inval("open: NULL out pointer") }
        out.pointee = Opaque.retain(PayloadStoreBox(try make()))
    }
}

/// The vtable of a Swift payload store: `open` (see `openPayloadStore`)
/// plus shared shims. `syncs`: `sync` calls the store (otherwise NULL: every
/// acknowledged put is as durable as the store gets); `reportsCapacity`:
/// statfs calls `capacity()` (otherwise NULL).
public func payloadVTable(
    open: @escaping @convention(c) (UnsafePointer<CChar>?, UnsafePointer<dfs_host_info>?,
                                    UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<dfs_error>?) -> dfs_status,
    syncs: Bool,
    reportsCapacity: Bool
) -> dfs_payload_vtable {
    dfs_payload_vtable(
        struct_size: structSize(dfs_payload_vtable.self),
        reserved: 0,
        open: open,
        close: { s in
            if let s { Opaque.release(s, as: PayloadStoreBox.self) }
        },
        put: { s, key, klen, data, len, flags, err in
            pluginCall(err) {
                let st = try store(s)
                let k = try checkBlockKey(key, klen)
                if len > DFS_BLOCK_MAX { throw PluginError.inval("block of \(len) bytes exceeds \(DFS_BLOCK_MAX)") }
                if len > 0 && data == nil { throw PluginError.inval("put: NULL data with non-zero length") }
                try st.put(key: k, data: UnsafeRawBufferPointer(start: len > 0 ? data : nil, count: Int(len)),
                           durable: flags & UInt32(DFS_PUT_DURABLE) != 0)
            }
        },
        get: { s, key, klen, offset, buf, len, nread, err in
            pluginCall(err) {
                let st = try store(s)
                let k = try checkBlockKey(key, klen)
                guard let nread else { throw PluginError.inval("get: NULL nread") }
                if len > 0 && buf == nil { throw PluginError.inval("get: NULL buffer with non-zero length") }
                nread.pointee = 0
                let n = try st.get(key: k, offset: offset, into: UnsafeMutableRawBufferPointer(start: len > 0 ? buf : nil, count: Int(len)))
                nread.pointee = UInt32(n)
            }
        },
        del: { s, key, klen, err in
            pluginCall(err) {
                let st = try store(s)
                try st.delete(key: try checkBlockKey(key, klen))
            }
        },
        stat: { s, key, klen, size, err in
            pluginCall(err) {
                let st = try store(s)
                let k = try checkBlockKey(key, klen)
                guard let size else { throw PluginError.inval("stat: NULL size") }
                size.pointee = try st.size(key: k)
            }
        },
        list: { s, prefix, plen, after, alen, cb, ctx, err in
            pluginCall(err) {
                let st = try store(s)
                guard let cb else { throw PluginError.inval("list: NULL callback") }
                if plen > 0 && prefix == nil { throw PluginError.inval("list: NULL prefix with non-zero length") }
                try st.list(prefix: bytes(prefix, plen), after: bytes(after, alen)) { k, size in
                    k.withUnsafeBufferPointer { cb(ctx, $0.baseAddress, UInt32($0.count), size) } != 0
                }
            }
        },
        sync: syncs ? { s, err in pluginCall(err) { try store(s).sync() } } : nil,
        statfs: reportsCapacity ? { s, out, err in
            pluginCall(err) {
                let st = try store(s)
                guard let out else { throw PluginError.inval("statfs: NULL out") }
                let (total, free) = try st.capacity()
                StructLayout.set(out, \.bytes_total, total)
                StructLayout.set(out, \.bytes_free, free)
            }
        } : nil
    )
}

@inline(__always)
private func store(_ p: OpaquePointer?) throws -> any PayloadBackendStore {
    guard let p else { throw PluginError.inval("NULL store") }
    return Opaque.get(p, as: PayloadStoreBox.self).store
}

/// Validates a block key: 1...DFS_BLOCK_KEY_MAX bytes; returns a copy.
private func checkBlockKey(_ key: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    if len == 0 || key == nil { throw PluginError.inval("empty block key") }
    if len > DFS_BLOCK_KEY_MAX {
        throw PluginError.nameTooLong("block key of \(len) bytes exceeds \(DFS_BLOCK_KEY_MAX)")
    }
    return bytes(key, len)
}
