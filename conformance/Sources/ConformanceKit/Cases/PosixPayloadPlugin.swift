import Foundation
import HostPlugins
import Synchronization

/// Finds the in-process "memory" payload store the POSIX cases pair with the
/// metadata store under test: `libPayloadMemory.so` in `$DFS_PLUGIN_DIR`,
/// next to the tested plugin, next to the running executable (the build
/// output), or on the host's default plugin path.
enum PosixPayloadPlugin {
    static let fileName = "libPayloadMemory.so"

    private static let registry = PluginRegistry()
    /// Loads are serialised (and cached): the registry treats two concurrent
    /// first loads of one path as a duplicate.
    private static let cache = Mutex<[String: LoadedPlugin]>([:])

    /// Directories searched, in order.
    static func searchPaths(nextTo tested: LoadedPlugin) -> [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"], !env.isEmpty { dirs.append(env) }
        dirs.append((tested.path as NSString).deletingLastPathComponent)
        if let exe = PluginRegistry.executableDirectory() { dirs.append(exe) }
        dirs += PluginRegistry.defaultSearchPaths(dataDirectory: nil)
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The loaded payload plugin, or a failure naming every place looked at.
    static func load(nextTo tested: LoadedPlugin) throws -> LoadedPlugin {
        let dirs = searchPaths(nextTo: tested)
        for dir in dirs {
            let path = (dir as NSString).appendingPathComponent(fileName)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            return try cache.withLock { c in
                if let p = c[path] { return p }
                let p = try registry.load(path: path)
                guard p.kind == .payload else {
                    throw fail("\(path) is a \(p.kind) plugin, not the memory payload store")
                }
                c[path] = p
                return p
            }
        }
        throw fail("the POSIX cases need the memory payload store (\(fileName)) but it is in none of: \(dirs.joined(separator: ", ")); build it (swift build --product PayloadMemory) or set DFS_PLUGIN_DIR")
    }
}
