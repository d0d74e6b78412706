import Foundation
import HostPlugins
import Testing

/// The in-tree payload store rejects bad configuration with a message that
/// names the key.
@Suite("Plugin configuration errors")
struct ConfigErrorTests {
    static func inTreePlugin(_ file: String) throws -> LoadedPlugin {
        let dir = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."
        return try PluginRegistry().load(path: dir + "/" + file)
    }

    @Test(arguments: [
        ("{\"max_bytes\": \"lots\"}", "max_bytes"),
        ("{\"maxbytes\": 1}", "maxbytes"),
        ("[1,2]", "JSON object"),
        ("{not json", "not valid JSON"),
        ("{\"max_bytes\": -1}", "max_bytes"),
        ("{\"max_bytes\": true}", "max_bytes"),
    ])
    func badConfigNamesTheKey(config: String, needle: String) throws {
        let p = try Self.inTreePlugin("libPayloadMemory.so")
        do {
            _ = try PayloadStore(plugin: p, config: config)
            Issue.record("config \(config) was accepted")
        } catch {
            #expect(error.status == .inval)
            #expect(error.message.contains(needle), "\(error)")
        }
    }
}
