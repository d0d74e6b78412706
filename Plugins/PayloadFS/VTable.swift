import PluginABI
import PluginKit

/// The `fs` payload vtable: PluginKit's shared shims (`payloadVTable`) over
/// `FSPayloadStore`. `sync` flushes non-durable puts (syncfs of the root's
/// file system); statfs reports the file system's space.
let fsPayloadVTable = payloadVTable(
    open: { json, host, out, err in
        openPayloadStore(out, err) {
            let (s, removed) = try FSPayloadStore.open(json: json)
            if removed > 0 {
                hostLog(host, DFS_LOG_INFO, "fs", "removed \(removed) stale temporary file(s) from \"\(s.root)\"")
            }
            return s
        }
    },
    syncs: true,
    reportsCapacity: true
)

extension FSPayloadStore: PayloadBackendStore {}
