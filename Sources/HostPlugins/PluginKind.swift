import PluginABI

/// The three kinds of plugin the ABI knows.
public enum PluginKind: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case metadata = 1
    case payload = 2
    case adapter = 3

    public var description: String {
        switch self {
        case .metadata: "metadata"
        case .payload: "payload"
        case .adapter: "adapter"
        }
    }

    /// Smallest vtable a v1.0 plugin of this kind may declare: every REQUIRED
    /// operation of ABI 1.0 must lie within it.
    var minimumVTableSize: Int {
        switch self {
        case .metadata: MemoryLayout<dfs_meta_vtable>.offset(of: \dfs_meta_vtable.statfs)!
        case .payload: MemoryLayout<dfs_payload_vtable>.offset(of: \dfs_payload_vtable.sync)!
        case .adapter: MemoryLayout<dfs_adapter_vtable>.offset(of: \dfs_adapter_vtable.reconfigure)!
        }
    }
}

/// Capability bits, decoded for display (`dfsctl plugin list`).
public func capabilityNames(_ mask: UInt64, kind: PluginKind) -> [String] {
    var names: [String] = []
    let common: [(UInt64, String)] = [
        (DFS_CAP_NONBLOCKING, "nonblocking"), (DFS_CAP_PERSISTENT, "persistent"),
        (DFS_CAP_DURABLE, "durable"), (DFS_CAP_SHARED, "shared"),
    ]
    let specific: [(UInt64, String)]
    switch kind {
    case .metadata: specific = [(DFS_META_CAP_TRANSACTIONS, "transactions"), (DFS_META_CAP_STATFS, "statfs")]
    case .payload: specific = [(DFS_PAYLOAD_CAP_RANGE_GET, "range-get"), (DFS_PAYLOAD_CAP_STATFS, "statfs")]
    case .adapter: specific = []
    }
    for (bit, name) in common + specific where mask & bit != 0 { names.append(name) }
    return names
}
