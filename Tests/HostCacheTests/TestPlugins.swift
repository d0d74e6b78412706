import Foundation
import HostPlugins
import Synchronization

/// The store plugins next to the test binary (or in `$DFS_PLUGIN_DIR`).
enum TestPlugins {
    static let directory: String =
        ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."
    static let registry = PluginRegistry()
    private static let loaded = Mutex<[String: LoadedPlugin]>([:])

    static func load(_ file: String) throws -> LoadedPlugin {
        let path = (directory as NSString).appendingPathComponent(file)
        return try loaded.withLock { cache in
            if let p = cache[path] { return p }
            do {
                let p = try registry.load(path: path)
                cache[path] = p
                return p
            } catch {
                throw DFSError(.noent, "cannot load \(path) (\(error)); build the plugin products first (swift build) or set DFS_PLUGIN_DIR")
            }
        }
    }
}
