import PluginABI
import PluginKit
import Synchronization

/// `memory` payload store: blocks in a sorted in-process map. Fast,
/// non-blocking, not persistent — for tests and scratch shares.
///
/// Config: `{ "max_bytes": N }` (optional cap; puts beyond it fail NOSPC).
final class MemoryPayloadStore: Sendable {
    struct State {
        var blocks: [[UInt8]: [UInt8]] = [:]
        var bytes: Int = 0
    }
    let state = Mutex(State())
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }
}

private func store(_ p: OpaquePointer?) -> MemoryPayloadStore {
    Opaque.get(p!, as: MemoryPayloadStore.self)
}

private func checkKey(_ key: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    if len == 0 || key == nil { throw PluginError.inval("memory: empty block key") }
    if len > DFS_BLOCK_KEY_MAX { throw PluginError.nameTooLong("memory: block key of \(len) bytes exceeds \(DFS_BLOCK_KEY_MAX)") }
    return bytes(key, len)
}

private let vtable = dfs_payload_vtable(
    struct_size: structSize(dfs_payload_vtable.self),
    reserved: 0,
    open: { json, _, out, err in
        pluginCall(err) {
            var cfg = try PluginConfig(json, plugin: "memory")
            let max = try cfg.int("max_bytes", default: Int.max, range: 0...Int.max)
            try cfg.finish()
            out!.pointee = Opaque.retain(MemoryPayloadStore(maxBytes: max))
        }
    },
    close: { s in
        if let s { Opaque.release(s, as: MemoryPayloadStore.self) }
    },
    put: { s, key, klen, data, len, _, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            if len > DFS_BLOCK_MAX { throw PluginError.inval("memory: block of \(len) bytes exceeds \(DFS_BLOCK_MAX)") }
            let v = bytes(data, len)
            let st = store(s)
            try st.state.withLock { state in
                let old = state.blocks[k]?.count ?? 0
                if state.bytes - old + v.count > st.maxBytes {
                    throw PluginError(DFS_ERR_NOSPC, "memory: max_bytes \(st.maxBytes) reached")
                }
                state.bytes += v.count - old
                state.blocks[k] = v
            }
        }
    },
    get: { s, key, klen, offset, buf, len, nread, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            try store(s).state.withLock { state in
                guard let v = state.blocks[k] else { throw PluginError.noent("memory: no block") }
                let start = offset >= UInt64(v.count) ? v.count : Int(offset)
                let n = min(Int(len), v.count - start)
                if n > 0 {
                    v.withUnsafeBufferPointer { src in
                        UnsafeMutableRawPointer(buf!).copyMemory(from: src.baseAddress! + start, byteCount: n)
                    }
                }
                nread!.pointee = UInt32(n)
            }
        }
    },
    del: { s, key, klen, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            store(s).state.withLock { state in
                if let old = state.blocks.removeValue(forKey: k) { state.bytes -= old.count }
            }
        }
    },
    stat: { s, key, klen, size, err in
        pluginCall(err) {
            let k = try checkKey(key, klen)
            let n = store(s).state.withLock { $0.blocks[k]?.count }
            guard let n else { throw PluginError.noent("memory: no block") }
            size!.pointee = UInt64(n)
        }
    },
    list: { s, prefix, plen, after, alen, cb, ctx, err in
        pluginCall(err) {
            let p = bytes(prefix, plen)
            let a = bytes(after, alen)
            // Snapshot the matching keys, then call back without the lock held.
            let keys: [([UInt8], Int)] = store(s).state.withLock { state in
                state.blocks.compactMap { k, v in
                    k.starts(with: p) && (a.isEmpty || bytesLess(a, k)) ? (k, v.count) : nil
                }
            }.sorted { bytesLess($0.0, $1.0) }
            for (k, n) in keys {
                let stop = k.withUnsafeBufferPointer { cb!(ctx, $0.baseAddress, UInt32($0.count), UInt64(n)) }
                if stop != 0 { break }
            }
        }
    },
    sync: nil,
    statfs: nil
)

nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_PAYLOAD), name: "memory", version: "0.1.0",
    description: "In-memory payload store (not persistent)",
    capabilities: DFS_CAP_NONBLOCKING | DFS_PAYLOAD_CAP_RANGE_GET,
    vtable: vtable
)

@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    // Refuse a host of another ABI major: it would misread every struct.
    guard let host, host.pointee.abi_major == UInt32(DFS_ABI_MAJOR) else { return nil }
    return descriptor
}
