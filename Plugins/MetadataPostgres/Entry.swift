import PluginABI
import PluginKit

/// `postgres` metadata store: typed records in relational tables on
/// PostgreSQL through libpq. Serializable read-write transactions (one
/// pooled connection each), snapshot read-only transactions, conflicts and
/// lock timeouts surfaced as DFS_ERR_RETRY. Persistent, durable, and
/// shareable between hosts. See docs/STORES.md for the schema and config.
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_METADATA), name: "postgres", version: "0.1.0",
    description: "PostgreSQL metadata store (libpq; relational schema, serializable transactions)",
    capabilities: DFS_CAP_PERSISTENT | DFS_CAP_DURABLE | DFS_CAP_SHARED | DFS_META_CAP_TRANSACTIONS,
    vtable: metaVTable
)

/// The plugin's only exported symbol. Refuses a host of another ABI major.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
