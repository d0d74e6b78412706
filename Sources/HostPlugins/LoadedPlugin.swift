import PluginABI

/// A library that passed every check of the loader. Plugins are never
/// unloaded: Swift code cannot be safely unmapped, and store instances may
/// outlive a rescan.
public final class LoadedPlugin: @unchecked Sendable, CustomStringConvertible {
    public let path: String
    public let kind: PluginKind
    public let name: String
    public let version: String
    public let summary: String
    public let capabilities: UInt64
    public let abiMajor: UInt32
    public let abiMinor: UInt32
    /// The descriptor, valid for the life of the process.
    public let descriptor: UnsafePointer<dfs_plugin_descriptor>
    let handle: UnsafeMutableRawPointer

    init(path: String, kind: PluginKind, descriptor: UnsafePointer<dfs_plugin_descriptor>,
         handle: UnsafeMutableRawPointer, name: String, version: String, summary: String) {
        self.path = path
        self.kind = kind
        self.descriptor = descriptor
        self.handle = handle
        self.name = name
        self.version = version
        self.summary = summary
        capabilities = descriptor.pointee.capabilities
        abiMajor = descriptor.pointee.abi_major
        abiMinor = descriptor.pointee.abi_minor
    }

    public func has(_ capability: UInt64) -> Bool { capabilities & capability == capability }
    public var isNonBlocking: Bool { has(DFS_CAP_NONBLOCKING) }
    public var isPersistent: Bool { has(DFS_CAP_PERSISTENT) }
    public var capabilityList: [String] { capabilityNames(capabilities, kind: kind) }

    public var description: String {
        "\(kind) plugin \"\(name)\" \(version) (ABI \(abiMajor).\(abiMinor)) [\(capabilityList.joined(separator: ","))] from \(path)"
    }

    /// The vtable, typed. Precondition: `T` matches `kind` (checked by the loader).
    func vtable<T>(_: T.Type) -> UnsafePointer<T> {
        descriptor.pointee.vtable.assumingMemoryBound(to: T.self)
    }
}
