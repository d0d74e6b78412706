import PluginABI
import PluginKit

/// The plugin's descriptor: a payload store named "fs" that blocks on disk
/// (so not DFS_CAP_NONBLOCKING), keeps data across reopen and honours
/// DFS_PUT_DURABLE. Built once, lives for the life of the process.
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_PAYLOAD), name: "fs", version: "0.1.0",
    description: "Blocks as files in a local directory (atomic, durable puts)",
    capabilities: DFS_CAP_PERSISTENT | DFS_CAP_DURABLE | DFS_PAYLOAD_CAP_RANGE_GET | DFS_PAYLOAD_CAP_STATFS,
    vtable: fsPayloadVTable
)

/// The one exported symbol. Refuses a host of another ABI major version.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
