import Foundation
import HostCore
import HostPlugins
import HostServices
import PluginABI
import Synchronization
import Testing

/// Locates and loads the store plugins: the libraries next to the test
/// binary (`swift build --build-tests` puts them in `.build/<config>/`), or
/// in `$DFS_PLUGIN_DIR`.
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

/// Where the fixture's share keeps its data, which decides where the host
/// runs operations.
enum StorePath: String, CaseIterable, Sendable, CustomStringConvertible {
    /// MetadataMemory + PayloadMemory: both non-blocking, ops run inline.
    case inline
    /// MetadataMemory + PayloadFS (blocking): ops run on the worker pool.
    case pool

    var description: String { rawValue }
}

/// A FileSystem with one share ("/export", id 7, root mode 0777) and a
/// HostServicesTable over it.
final class ServiceFixture: @unchecked Sendable {
    let fs: FileSystem
    let meta: MetadataStore
    let payload: PayloadStore
    let share: Share
    let table: HostServicesTable
    let tally = Tally()
    let tempDir: String?
    var root: DFSFileHandle { share.root }
    var client: Client { Client(table: table, tally: tally) }

    init(_ path: StorePath, policy: SharePolicy = SharePolicy(squash: .none), readOnly: Bool = false,
         workers: Int = 4, queueLimit: Int = 1024, shareName: String = "/export") throws {
        fs = FileSystem()
        meta = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        switch path {
        case .inline:
            tempDir = nil
            payload = try PayloadStore(plugin: TestPlugins.load("libPayloadMemory.so"))
        case .pool:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-hs-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            tempDir = dir
            payload = try PayloadStore(plugin: TestPlugins.load("libPayloadFS.so"), config: "{\"path\":\"\(dir)\"}")
        }
        share = try fs.addShare(name: shareName, id: 7, metadata: meta, payload: payload,
                                options: ShareOptions(readOnly: readOnly, blockSize: 4096, rootMode: 0o777))
        table = try HostServicesTable(fileSystem: fs, workers: workers, queueLimit: queueLimit)
        try table.setPolicy(policy, forShare: share.id)
    }

    /// Drain the pool, check that every call got exactly one `done`, close
    /// the stores.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        table.shutdown()
        for p in tally.all {
            p.cond.lock()
            let n = p.calls
            p.cond.unlock()
            #expect(n == 1, "done called \(n) times", sourceLocation: sourceLocation)
        }
        meta.close()
        payload.close()
        if let tempDir { try? FileManager.default.removeItem(atPath: tempDir) }
    }
}

/// Bytes of a string.
func b(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A pattern of `n` bytes.
func pattern(_ n: Int, seed: UInt8 = 1) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) } }
