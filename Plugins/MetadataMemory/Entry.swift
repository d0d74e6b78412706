import PluginABI
import PluginKit

/// `memory` metadata store: typed records in an in-process MVCC map with
/// optimistic, serializable transactions. Fast, non-blocking, not
/// persistent — for tests, benchmarks and scratch shares.
///
/// Config: `{}`, optionally `{ "max_inodes": N }` (inode capacity reported
/// by statfs and enforced at create/commit with DFS_ERR_NOSPC).
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_METADATA), name: "memory", version: "0.1.0",
    description: "In-memory metadata store (MVCC, optimistic serializable transactions; not persistent)",
    capabilities: DFS_CAP_NONBLOCKING | DFS_META_CAP_TRANSACTIONS,
    vtable: metaVTable
)

/// The plugin's only exported symbol. Refuses a host of another ABI major.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
