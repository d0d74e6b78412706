import Foundation
import Logging
import Synchronization

/// The plugins this host knows, by kind and name, plus the libraries it
/// rejected and why. Thread-safe; `rescan` can run while stores are in use.
public final class PluginRegistry: Sendable {
    public struct Key: Hashable, Sendable {
        public let kind: PluginKind
        public let name: String
    }

    private struct State {
        var plugins: [Key: LoadedPlugin] = [:]
        var byPath: [String: LoadedPlugin] = [:]
        var failures: [String: PluginLoadError] = [:]
    }

    private let state = Mutex(State())
    /// Serialises loads, so that two threads loading the same new path do
    /// not both dlopen it and then clash as duplicates.
    private let loading = Mutex(())
    private let logger: Logger

    public init(logger: Logger = Logger(label: "dfs.plugins")) {
        self.logger = logger
    }

    /// Load one library and register it. A library already loaded from the
    /// same path is returned as is.
    @discardableResult
    public func load(path: String) throws(PluginLoadError) -> LoadedPlugin {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        let result: Result<LoadedPlugin, PluginLoadError> = loading.withLock { _ in
            do throws(PluginLoadError) { return .success(try loadLocked(path: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func loadLocked(path: String) throws(PluginLoadError) -> LoadedPlugin {
        if let p = state.withLock({ $0.byPath[path] }) { return p }
        let plugin: LoadedPlugin
        do {
            plugin = try PluginLoader.load(path: path)
        } catch {
            state.withLock { $0.failures[path] = error }
            throw error
        }
        let key = Key(kind: plugin.kind, name: plugin.name)
        let result: Result<LoadedPlugin, PluginLoadError> = state.withLock { s in
            if let other = s.plugins[key] {
                let e = PluginLoadError(path: path, reason: .duplicate,
                                        detail: "\(plugin.kind) plugin \"\(plugin.name)\" is already loaded from \(other.path); keeping that one")
                s.failures[path] = e
                return .failure(e)
            }
            s.plugins[key] = plugin
            s.byPath[path] = plugin
            s.failures[path] = nil
            return .success(plugin)
        }
        switch result {
        case .success(let p):
            logger.debug("loaded \(p)")
            return p
        case .failure(let e):
            throw e
        }
    }

    /// Load every `*.so` in `directory` (not recursive). Returns what failed;
    /// each failure is also logged as a warning. A missing directory is not
    /// an error (nothing to load).
    @discardableResult
    public func scan(directory: String) -> [PluginLoadError] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var errors: [PluginLoadError] = []
        for name in names.sorted() where name.hasSuffix(".so") || name.contains(".so.") {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try load(path: path)
            } catch {
                logger.warning("\(error)")
                errors.append(error)
            }
        }
        return errors
    }

    /// The plugin registered under `kind` and `name`.
    public func plugin(kind: PluginKind, name: String) -> LoadedPlugin? {
        state.withLock { $0.plugins[Key(kind: kind, name: name)] }
    }

    /// Every registered plugin, sorted by kind then name.
    public var all: [LoadedPlugin] {
        state.withLock { Array($0.plugins.values) }.sorted {
            ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name)
        }
    }

    /// Libraries that were rejected, with the reason, sorted by path.
    public var failures: [PluginLoadError] {
        state.withLock { Array($0.failures.values) }.sorted { $0.path < $1.path }
    }

    /// Where plugins are looked for by default: `<dataDir>/plugins`, then the
    /// directory of the running executable (the build output, for
    /// development). `DFS_PLUGIN_PATH` (colon-separated) comes first when set.
    public static func defaultSearchPaths(dataDirectory: String?) -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["DFS_PLUGIN_PATH"] {
            paths += env.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let dataDirectory { paths.append((dataDirectory as NSString).appendingPathComponent("plugins")) }
        if let exe = executableDirectory() { paths.append(exe) }
        return paths
    }

    /// Directory of the running executable (via /proc/self/exe on Linux).
    public static func executableDirectory() -> String? {
        #if os(Linux)
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return (target as NSString).deletingLastPathComponent
        #else
        return Bundle.main.executableURL?.deletingLastPathComponent().path
        #endif
    }
}
