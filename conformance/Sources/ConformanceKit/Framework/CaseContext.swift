import Foundation
import HostPlugins

/// What a case gets: the plugin under test and a way to open fresh instances.
///
/// The configuration may contain placeholders, replaced once per case so
/// that every case starts from an empty store:
///   `{tmp}`    a new empty temporary directory (removed after the case)
///   `{unique}` a token unique to this case (e.g. for a database schema name)
/// Opening twice in one case (`reopen`) uses the same substituted config, so
/// persistent stores see their own data again.
public final class CaseContext: @unchecked Sendable {
    public let plugin: LoadedPlugin
    public let config: String
    public let tempDirectory: String
    /// Options of the run (e.g. a scale factor for stress cases).
    public let options: RunOptions
    private var opened: [AnyObject] = []

    init(plugin: LoadedPlugin, configTemplate: String, options: RunOptions) throws {
        self.plugin = plugin
        self.options = options
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("dfs-conf-\(UUID().uuidString.prefix(12))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        tempDirectory = dir
        let token = "c" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        config = configTemplate
            .replacingOccurrences(of: "{tmp}", with: dir + "/store")
            .replacingOccurrences(of: "{unique}", with: token)
    }

    /// A new instance of the metadata store under test.
    public func openMetadata() throws -> MetadataStore {
        let s = try MetadataStore(plugin: plugin, config: config)
        opened.append(s)
        return s
    }

    /// A new instance of the payload store under test.
    public func openPayload() throws -> PayloadStore {
        let s = try PayloadStore(plugin: plugin, config: config)
        opened.append(s)
        return s
    }

    /// Close everything this case opened and remove its temporary directory.
    func cleanUp() {
        for o in opened {
            (o as? MetadataStore)?.close()
            (o as? PayloadStore)?.close()
        }
        opened.removeAll()
        try? FileManager.default.removeItem(atPath: tempDirectory)
    }
}

/// Options for a run.
public struct RunOptions: Sendable {
    /// Multiplies iteration counts of stress and random cases (1 = CI size).
    public var scale: Int = 1
    /// Seed for random cases (0: pick one and print it).
    public var seed: UInt64 = 0
    /// Only cases whose id contains this substring.
    public var filter: String? = nil

    public init(scale: Int = 1, seed: UInt64 = 0, filter: String? = nil) {
        self.scale = scale
        self.seed = seed
        self.filter = filter
    }
}
