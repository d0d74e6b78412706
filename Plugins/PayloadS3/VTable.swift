import Foundation
import PluginABI
import PluginKit
import S3Kit

/// The `s3` payload vtable: PluginKit's shared shims (`payloadVTable`) over
/// `S3BlockStore`. No `sync` (every acknowledged PUT is durable in S3) and
/// no statfs (a bucket has no capacity to report).
let s3PayloadVTable = payloadVTable(
    open: { json, host, out, err in
        openPayloadStore(out, err) {
            let text = json.map { String(cString: $0) } ?? ""
            let config = try S3Config.parse(text, environment: ProcessInfo.processInfo.environment)
            let s = try S3BlockStore.open(config: config)
            hostLog(host, DFS_LOG_DEBUG, "s3", "bucket \"\(config.bucket)\" at \(config.endpoint) (\(config.addressing.rawValue) addressing, prefix \"\(config.prefix)\", credentials from \(config.credentialsSource))")
            return s
        }
    },
    syncs: false,
    reportsCapacity: false
)

extension S3BlockStore: PayloadBackendStore {
    /// Every acknowledged PUT is durable in S3: `durable` needs nothing more.
    public func put(key: [UInt8], data: UnsafeRawBufferPointer, durable: Bool) throws { try put(key: key, data: data) }

    public func list(prefix: [UInt8], after: [UInt8], visit: ([UInt8], UInt64) -> Bool) throws {
        // S3BlockStore's own `list` callback returns true to go on.
        let goOn: ([UInt8], UInt64) throws -> Bool = { k, size in !visit(k, size) }
        try list(prefix: prefix, after: after, goOn)
    }
}
