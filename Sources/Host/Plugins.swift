import ArgumentParser
import Foundation
import HostPlugins

/// `dfs plugins`: what would be loaded, and what was rejected and why.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the plugins found in the plugin folders, and the files rejected.",
        discussion: """
        Folders scanned, in order: each --plugin-dir, $DFS_PLUGIN_PATH (colon-separated),
        <data-dir>/plugins, and the folder of the dfs executable. Exits 1 when a file
        named with --plugin was rejected.
        """
    )

    @OptionGroup var options: PluginOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try options.bootstrapLogging(defaultLevel: .error)
        let registry = options.loadPlugins()
        let plugins = registry.all
        let failures = registry.failures
        if json {
            print(PluginReport.json(plugins: plugins, failures: failures))
        } else {
            print(PluginReport.table(plugins: plugins))
            for f in failures { print("rejected: \(f)") }
        }
        let explicit = Set(options.plugin.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        if failures.contains(where: { explicit.contains($0.path) }) { throw ExitCode(1) }
    }
}

enum PluginReport {
    static func table(plugins: [LoadedPlugin]) -> String {
        let rows = [["KIND", "NAME", "VERSION", "ABI", "CAPABILITIES", "FILE"]] + plugins.map {
            [$0.kind.description, $0.name, $0.version, "\($0.abiMajor).\($0.abiMinor)",
             $0.capabilityList.joined(separator: ","), $0.path]
        }
        let widths = (0..<6).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            r.enumerated().map { i, v in i == 5 ? v : v.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func json(plugins: [LoadedPlugin], failures: [PluginLoadError]) -> String {
        struct P: Encodable { let kind, name, version, abi, file, description: String; let capabilities: [String] }
        struct F: Encodable { let file, reason, message: String }
        struct R: Encodable { let plugins: [P]; let rejected: [F] }
        let r = R(plugins: plugins.map {
            P(kind: $0.kind.description, name: $0.name, version: $0.version, abi: "\($0.abiMajor).\($0.abiMinor)",
              file: $0.path, description: $0.summary, capabilities: $0.capabilityList)
        }, rejected: failures.map { F(file: $0.path, reason: $0.reason.rawValue, message: $0.detail) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(r)) ?? Data(), as: UTF8.self)
    }
}
