import NIOCore
import PluginABI

/// Log levels of the host (DFS_LOG_*), as Int32.
enum DFSLog {
    static let error = Int32(DFS_LOG_ERROR)
    static let warn = Int32(DFS_LOG_WARN)
    static let info = Int32(DFS_LOG_INFO)
    static let debug = Int32(DFS_LOG_DEBUG)
}

/// What every connection of one running server shares.
struct ServerShared: Sendable {
    let settings: Settings
    let stats: Stats
    let gate: LoopGate
    let connections: Connections
    let processor: any RecordProcessor
    let host: HostClient

    func log(_ level: Int32, _ message: String) {
        host.log(level, message)
    }
}
