import PluginABI
import PluginKit

/// The plugin's descriptor: a payload store named "s3" on any S3-compatible
/// service. Network I/O blocks, so not DFS_CAP_NONBLOCKING; an acknowledged
/// PUT is durable in S3 (DFS_CAP_DURABLE, no `sync` needed); ranged GETs
/// read only the range (DFS_PAYLOAD_CAP_RANGE_GET).
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_PAYLOAD), name: "s3", version: "0.1.0",
    description: "Blocks as objects in an S3-compatible bucket (SigV4, multipart, retries)",
    capabilities: DFS_CAP_PERSISTENT | DFS_CAP_DURABLE | DFS_PAYLOAD_CAP_RANGE_GET,
    vtable: s3PayloadVTable
)

/// The one exported symbol. Refuses a host of another ABI major version.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    pluginEntry(host, descriptor)
}
