import Foundation
import HostPlugins
import Synchronization

/// Locates and loads the store plugins the scenario tests run on: the
/// libraries next to the test bundle (`swift test` puts the test binary and
/// lib*.so in `.build/<config>/`), or in `$DFS_PLUGIN_DIR`.
enum TestPlugins {
    static let directory: String =
        ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."

    static let registry = PluginRegistry()
    /// Loads are serialised: tests run in parallel, and two concurrent
    /// first loads of one library would race in the registry.
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

    static func metadata() throws -> MetadataStore {
        try MetadataStore(plugin: load("libMetadataMemory.so"))
    }

    static func payload() throws -> PayloadStore {
        try PayloadStore(plugin: load("libPayloadMemory.so"))
    }
}
