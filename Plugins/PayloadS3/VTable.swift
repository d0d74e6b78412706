import Foundation
import PluginABI
import PluginKit
import S3Kit

/// The store behind an opaque handle.
private func store(_ p: OpaquePointer?) -> S3BlockStore {
    Opaque.get(p!, as: S3BlockStore.self)
}

/// Validates a key: 1...DFS_BLOCK_KEY_MAX bytes; returns a copy.
private func checkKey(_ key: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    if len == 0 || key == nil { throw PluginError.inval("s3: empty block key") }
    if len > DFS_BLOCK_KEY_MAX {
        throw PluginError.nameTooLong("s3: block key of \(len) bytes exceeds \(DFS_BLOCK_KEY_MAX)")
    }
    return bytes(key, len)
}

/// The `s3` payload vtable: argument checks here, the work in `S3BlockStore`.
let s3PayloadVTable = dfs_payload_vtable(
    struct_size: structSize(dfs_payload_vtable.self),
    reserved: 0,
    open: { json, host, out, err in
        pluginCall(err) {
            guard let out else { throw PluginError.inval("s3: open: NULL out pointer") }
            let text = json.map { String(cString: $0) } ?? ""
            let config = try S3Config.parse(text, environment: ProcessInfo.processInfo.environment)
            let s = try S3BlockStore.open(config: config)
            hostLog(host, DFS_LOG_DEBUG, "bucket \"\(config.bucket)\" at \(config.endpoint) (\(config.addressing.rawValue) addressing, prefix \"\(config.prefix)\", credentials from \(config.credentialsSource))")
            out.pointee = Opaque.retain(s)
        }
    },
    close: { s in
        if let s { Opaque.release(s, as: S3BlockStore.self) }
    },
    put: { s, key, klen, data, len, _, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            if len > DFS_BLOCK_MAX {
                throw PluginError.inval("s3: block of \(len) bytes exceeds \(DFS_BLOCK_MAX)")
            }
            if len > 0 && data == nil { throw PluginError.inval("s3: put: NULL data with non-zero length") }
            // Every acknowledged PUT is durable in S3: DFS_PUT_DURABLE needs nothing more.
            try store(s).put(key: k, data: UnsafeRawBufferPointer(start: len > 0 ? data : nil, count: Int(len)))
        }
    },
    get: { s, key, klen, offset, buf, len, nread, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            guard let nread else { throw PluginError.inval("s3: get: NULL nread") }
            if len > 0 && buf == nil { throw PluginError.inval("s3: get: NULL buffer with non-zero length") }
            nread.pointee = 0
            let out = UnsafeMutableRawBufferPointer(start: len > 0 ? buf : nil, count: Int(len))
            nread.pointee = UInt32(try store(s).get(key: k, offset: offset, into: out))
        }
    },
    del: { s, key, klen, err in
        pluginCall(err) { try store(s).delete(key: try checkKey(key, klen)) }
    },
    stat: { s, key, klen, size, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            guard let size else { throw PluginError.inval("s3: stat: NULL size") }
            size.pointee = try store(s).size(key: k)
        }
    },
    list: { s, prefix, plen, after, alen, cb, ctx, err in
        pluginCall(err) {
            guard let cb else { throw PluginError.inval("s3: list: NULL callback") }
            if plen > 0 && prefix == nil { throw PluginError.inval("s3: list: NULL prefix with non-zero length") }
            try store(s).list(prefix: bytes(prefix, plen), after: bytes(after, alen)) { k, size in
                k.withUnsafeBufferPointer { cb(ctx, $0.baseAddress, UInt32($0.count), size) } == 0
            }
        }
    },
    sync: nil, // puts are durable when acknowledged
    statfs: nil // a bucket has no capacity to report
)
