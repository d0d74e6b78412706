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

extension MemoryPayloadStore: PayloadBackendStore {
    func put(key: [UInt8], data: UnsafeRawBufferPointer, durable: Bool) throws {
        let v = Array(data)
        try state.withLock { state in
            let old = state.blocks[key]?.count ?? 0
            if state.bytes - old + v.count > maxBytes {
                throw PluginError(DFS_ERR_NOSPC, "memory: max_bytes \(maxBytes) reached")
            }
            state.bytes += v.count - old
            state.blocks[key] = v
        }
    }

    func get(key: [UInt8], offset: UInt64, into buf: UnsafeMutableRawBufferPointer) throws -> Int {
        try state.withLock { state in
            guard let v = state.blocks[key] else { throw PluginError.noent("memory: no block") }
            let start = offset >= UInt64(v.count) ? v.count : Int(offset)
            let n = min(buf.count, v.count - start)
            if n > 0 {
                v.withUnsafeBytes { src in buf.baseAddress!.copyMemory(from: src.baseAddress! + start, byteCount: n) }
            }
            return n
        }
    }

    func delete(key: [UInt8]) throws {
        state.withLock { state in
            if let old = state.blocks.removeValue(forKey: key) { state.bytes -= old.count }
        }
    }

    func size(key: [UInt8]) throws -> UInt64 {
        guard let n = state.withLock({ $0.blocks[key]?.count }) else { throw PluginError.noent("memory: no block") }
        return UInt64(n)
    }

    func list(prefix: [UInt8], after: [UInt8], visit: ([UInt8], UInt64) -> Bool) throws {
        // Snapshot the matching keys, then call back without the lock held.
        let keys: [([UInt8], Int)] = state.withLock { state in
            state.blocks.compactMap { k, v in
                k.starts(with: prefix) && (after.isEmpty || bytesLess(after, k)) ? (k, v.count) : nil
            }
        }.sorted { bytesLess($0.0, $1.0) }
        for (k, n) in keys where visit(k, UInt64(n)) { break }
    }
}

/// The `memory` payload vtable: PluginKit's shared shims over
/// `MemoryPayloadStore`; nothing to sync, no capacity to report.
private let vtable = payloadVTable(
    open: { json, _, out, err in
        openPayloadStore(out, err) {
            var cfg = try PluginConfig(json, plugin: "memory")
            let max = try cfg.int("max_bytes", default: Int.max, range: 0...Int.max)
            try cfg.finish()
            return MemoryPayloadStore(maxBytes: max)
        }
    },
    syncs: false,
    reportsCapacity: false
)

nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_PAYLOAD), name: "memory", version: "0.1.0",
    description: "In-memory payload store (not persistent)",
    capabilities: DFS_CAP_NONBLOCKING | DFS_PAYLOAD_CAP_RANGE_GET,
    vtable: vtable
)

@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
