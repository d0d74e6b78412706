import Logging
import PluginABI

/// The `dfs_host_info` given to every plugin: the host's ABI version and a
/// log callback that forwards to swift-log.
public enum HostInfo {
    public static let version = "0.1.0"
    /// "major.minor" of the plugin ABI this host speaks.
    public static let abiVersion = "\(DFS_ABI_MAJOR).\(DFS_ABI_MINOR)"

    /// Process-lifetime C storage (plugins may keep the pointer).
    nonisolated(unsafe) public static let pointer: UnsafePointer<dfs_host_info> = {
        let p = UnsafeMutablePointer<dfs_host_info>.allocate(capacity: 1)
        p.initialize(to: dfs_host_info(
            struct_size: UInt32(MemoryLayout<dfs_host_info>.size),
            abi_major: UInt32(DFS_ABI_MAJOR),
            abi_minor: UInt32(DFS_ABI_MINOR),
            reserved: 0,
            host_version: UnsafePointer(strdup(version)),
            log: { level, plugin, msg in
                let name = plugin.map { String(cString: $0) } ?? "?"
                let text = msg.map { String(cString: $0) } ?? ""
                let lvl: Logger.Level = switch level {
                case Int32(DFS_LOG_ERROR): .error
                case Int32(DFS_LOG_WARN): .warning
                case Int32(DFS_LOG_INFO): .info
                default: .debug
                }
                pluginLogger.log(level: lvl, "\(text)", metadata: ["plugin": "\(name)"])
            }
        ))
        return UnsafePointer(p)
    }()
}

let pluginLogger = Logger(label: "dfs.plugin")

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
