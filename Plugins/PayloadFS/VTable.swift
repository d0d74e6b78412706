import PluginABI
import PluginKit

/// The store behind an opaque handle.
private func store(_ p: OpaquePointer?) -> FSPayloadStore {
    Opaque.get(p!, as: FSPayloadStore.self)
}

/// Validates a key: 1...DFS_BLOCK_KEY_MAX bytes; returns a copy.
private func checkKey(_ key: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    if len == 0 || key == nil { throw PluginError.inval("fs: empty block key") }
    if len > DFS_BLOCK_KEY_MAX {
        throw PluginError.nameTooLong("fs: block key of \(len) bytes exceeds \(DFS_BLOCK_KEY_MAX)")
    }
    return bytes(key, len)
}

/// Writes `value` into member `member` of a caller's out-struct only when the
/// caller's `struct_size` covers it (DFS_HAS_MEMBER).
private func setMember<S, T>(_ p: UnsafeMutablePointer<S>, _ size: UInt32, _ member: WritableKeyPath<S, T>, _ value: T) {
    guard let offset = MemoryLayout<S>.offset(of: member),
          offset + MemoryLayout<T>.size <= Int(size) else { return }
    (UnsafeMutableRawPointer(p) + offset).assumingMemoryBound(to: T.self).pointee = value
}

/// The `fs` payload vtable: argument checks here, the work in `FSPayloadStore`.
let fsPayloadVTable = dfs_payload_vtable(
    struct_size: structSize(dfs_payload_vtable.self),
    reserved: 0,
    open: { json, host, out, err in
        pluginCall(err) {
            guard let out else { throw PluginError.inval("fs: open: NULL out pointer") }
            let (s, removed) = try FSPayloadStore.open(json: json)
            if removed > 0 {
                hostLog(host, DFS_LOG_INFO, "removed \(removed) stale temporary file(s) from \"\(s.root)\"")
            }
            out.pointee = Opaque.retain(s)
        }
    },
    close: { s in
        if let s { Opaque.release(s, as: FSPayloadStore.self) }
    },
    put: { s, key, klen, data, len, flags, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            if len > DFS_BLOCK_MAX {
                throw PluginError.inval("fs: block of \(len) bytes exceeds \(DFS_BLOCK_MAX)")
            }
            if len > 0 && data == nil { throw PluginError.inval("fs: put: NULL data with non-zero length") }
            let buf = UnsafeRawBufferPointer(start: len > 0 ? data : nil, count: Int(len))
            try store(s).put(key: k, data: buf, durable: flags & UInt32(DFS_PUT_DURABLE) != 0)
        }
    },
    get: { s, key, klen, offset, buf, len, nread, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            guard let nread else { throw PluginError.inval("fs: get: NULL nread") }
            if len > 0 && buf == nil { throw PluginError.inval("fs: get: NULL buffer with non-zero length") }
            let out = UnsafeMutableRawBufferPointer(start: len > 0 ? buf : nil, count: Int(len))
            nread.pointee = 0
            nread.pointee = UInt32(try store(s).get(key: k, offset: offset, into: out))
        }
    },
    del: { s, key, klen, err in
        pluginCall(err) {
            try store(s).delete(key: try checkKey(key, klen))
        }
    },
    stat: { s, key, klen, size, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            guard let size else { throw PluginError.inval("fs: stat: NULL size") }
            size.pointee = try store(s).size(key: k)
        }
    },
    list: { s, prefix, plen, after, alen, cb, ctx, err in
        pluginCall(err) {
            guard let cb else { throw PluginError.inval("fs: list: NULL callback") }
            if plen > 0 && prefix == nil { throw PluginError.inval("fs: list: NULL prefix with non-zero length") }
            let p = bytes(prefix, plen)
            let a = bytes(after, alen)
            try store(s).list(prefix: p, after: a) { k, size in
                k.withUnsafeBufferPointer { cb(ctx, $0.baseAddress, UInt32($0.count), size) } != 0
            }
        }
    },
    // Flushes non-durable puts too (syncfs of the root's file system).
    sync: { s, err in
        pluginCall(err) { try store(s).sync() }
    },
    statfs: { s, out, err in
        pluginCall(err) {
            guard let out else { throw PluginError.inval("fs: statfs: NULL out") }
            let (total, free) = try store(s).capacity()
            let size = out.pointee.struct_size
            setMember(out, size, \.bytes_total, total)
            setMember(out, size, \.bytes_free, free)
        }
    }
)
