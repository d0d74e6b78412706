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
///         descriptor
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
