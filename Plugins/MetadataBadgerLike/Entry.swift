import PluginABI
import PluginKit

/// `badgerlike` metadata store: the embedded, persistent store on RocksDB
/// (an OptimisticTransactionDB; see Store.swift for why optimistic, and
/// KeyLayout.swift for the keys). May block on disk: not NONBLOCKING.
///
/// Config: {"path": "<dir>" (required; created unless "create": false),
///          "sync": "always" (default: WAL fsync on every commit) | "none",
///          "cache_mb": N (block cache, default 8), "create": true|false}
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_METADATA), name: "badgerlike", version: "0.1.0",
    description: "Embedded persistent metadata store on RocksDB (optimistic serializable transactions)",
    capabilities: DFS_CAP_PERSISTENT | DFS_CAP_DURABLE | DFS_META_CAP_TRANSACTIONS,
    vtable: metaVTable
)

/// The plugin's only exported symbol. Refuses a host of another ABI major.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
