import PluginABI
import PluginKit

/// `nfs` adapter: NFSv3 (RFC 1813) and MOUNTv3 on one TCP port, over the
/// host services. Every file operation goes to the host; the adapter owns
/// the sockets, the RPC layer, the duplicate request cache and the MOUNT
/// list.
///
/// Settings (JSON, all optional): see `Settings`.
nonisolated(unsafe) private let descriptor = makeDescriptor(
    kind: Int32(DFS_KIND_ADAPTER), name: "nfs", version: "0.1.0",
    description: "NFSv3 + MOUNTv3 server (TCP, AUTH_SYS/AUTH_NONE)",
    capabilities: 0,
    vtable: adapterVTable
)

/// The plugin's only exported symbol. Refuses a host of another ABI major.
@_cdecl("dfs_plugin_entry")
public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
    guard let host else { return nil }
    let size = Int(host.pointee.struct_size)
    let offset = MemoryLayout<dfs_host_info>.offset(of: \.abi_major)!
    guard size >= offset + 4, host.pointee.abi_major == UInt32(DFS_ABI_MAJOR) else { return nil }
    return descriptor
}
