import PluginABI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a descriptor that lives for the life of the process (plugins are
/// never unloaded while in use). Use it from a `let` global so that it is
/// built once:
///
///     nonisolated(unsafe) private let descriptor = makeDescriptor(kind: DFS_KIND_METADATA, name: "memory", ...,
///                                             vtable: metaVTable)
///     @_cdecl("dfs_plugin_entry")
///     public func dfs_plugin_entry(_ host: UnsafePointer<dfs_host_info>?) -> UnsafePointer<dfs_plugin_descriptor>? {
///         pluginEntry(host, descriptor)
///     }
public func makeDescriptor<VTable>(
    kind: Int32, name: String, version: String, description: String,
    capabilities: UInt64, vtable: VTable
) -> UnsafePointer<dfs_plugin_descriptor> {
    let vt = UnsafeMutablePointer<VTable>.allocate(capacity: 1)
    vt.initialize(to: vtable)
    let d = UnsafeMutablePointer<dfs_plugin_descriptor>.allocate(capacity: 1)
    d.initialize(to: dfs_plugin_descriptor(
        struct_size: UInt32(MemoryLayout<dfs_plugin_descriptor>.size),
        abi_major: UInt32(DFS_ABI_MAJOR),
        abi_minor: UInt32(DFS_ABI_MINOR),
        kind: dfs_plugin_kind(kind),
        name: UnsafePointer(strdup(name)),
        version: UnsafePointer(strdup(version)),
        description: UnsafePointer(strdup(description)),
        capabilities: capabilities,
        vtable: UnsafeRawPointer(vt)
    ))
    return UnsafePointer(d)
}

/// `MemoryLayout<T>.size` as the `uint32_t struct_size` the ABI wants.
@inline(__always)
public func structSize<T>(_: T.Type) -> UInt32 { UInt32(MemoryLayout<T>.size) }

/// What `dfs_plugin_entry` returns: `descriptor`, or NULL for a host of
/// another ABI major version (it would misread every struct). Reads the
/// host's `abi_major` only when its `struct_size` covers it.
public func pluginEntry(_ host: UnsafePointer<dfs_host_info>?,
                        _ descriptor: UnsafePointer<dfs_plugin_descriptor>) -> UnsafePointer<dfs_plugin_descriptor>? {
    if let host,
       let offset = MemoryLayout<dfs_host_info>.offset(of: \.abi_major),
       Int(host.pointee.struct_size) >= offset + MemoryLayout<UInt32>.size,
       host.pointee.abi_major != UInt32(DFS_ABI_MAJOR) {
        return nil
    }
    return descriptor
}

/// Logs `message` through the host's logger, if the host gave one (within
/// its `struct_size`); `component` names the plugin.
public func hostLog(_ host: UnsafePointer<dfs_host_info>?, _ level: some BinaryInteger, _ component: String, _ message: String) {
    guard let host,
          let offset = MemoryLayout<dfs_host_info>.offset(of: \.log),
          Int(host.pointee.struct_size) >= offset + MemoryLayout<UnsafeRawPointer>.size,
          let log = host.pointee.log else { return }
    log(Int32(level), component, message)
}
