import ArgumentParser
import ConformanceKit
import Foundation
import HostPlugins

struct Conformance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs-conformance",
        abstract: "Run the DittoFS store conformance suite against a plugin library.",
        discussion: """
            Loads one store plugin (.so), runs every case for its kind (metadata or \
            payload) against fresh instances, prints one line per case and a closing \
            "N passed, N failed" line. Exits 0 when every case passed, 1 when any \
            failed, 2 when the plugin cannot be loaded.

            The configuration is a JSON object handed to the store's open(). Two \
            placeholders are replaced per case: {tmp} (a fresh empty directory) and \
            {unique} (a token unique to the case). Default: {} — or {"path":"{tmp}"} \
            for a plugin named "fs".

            Examples:
              dfs-conformance --plugin .build/debug/libMetadataMemory.so
              dfs-conformance --plugin libmine.so --config '{"path":"{tmp}"}'
              dfs-conformance --plugin libmine.so --filter txn/ --seed 42 --junit out.xml
            """
    )

    @Option(help: ArgumentHelp("Path of the plugin library to test.", valueName: "path"))
    var plugin: String

    @Option(help: ArgumentHelp("Store configuration as a JSON object ({tmp} and {unique} are replaced per case).", valueName: "json"))
    var config: String?

    @Option(name: .customLong("config-file"), help: ArgumentHelp("Read the configuration from a file.", valueName: "file"))
    var configFile: String?

    @Option(help: ArgumentHelp("Run only cases whose id (group/name) contains this substring.", valueName: "substring"))
    var filter: String?

    @Option(help: "Multiply the iteration counts of stress and random cases.")
    var scale: Int = 1

    @Option(help: "Seed for the random cases (0: pick one; it is printed).")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Flag(help: "List the cases that would run, without running them.")
    var list = false

    func validate() throws {
        if config != nil && configFile != nil { throw ValidationError("give --config or --config-file, not both") }
        if scale < 1 { throw ValidationError("--scale must be at least 1") }
    }

    func run() throws {
        let loaded: LoadedPlugin
        do {
            loaded = try PluginRegistry().load(path: plugin)
        } catch {
            FileHandle.standardError.write(Data("dfs-conformance: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let options = RunOptions(scale: scale, seed: seed != 0 ? seed : UInt64.random(in: 1...UInt64.max), filter: filter)
        if list {
            for c in ConformanceRunner.cases(for: loaded.kind) where filter.map({ c.id.contains($0) }) ?? true {
                let req = c.requires == 0 ? "" : "  (requires \(capabilityNames(c.requires, kind: loaded.kind).joined(separator: ",")))"
                print(c.id + req)
            }
            return
        }
        let caps = loaded.capabilityList.isEmpty ? "none" : loaded.capabilityList.joined(separator: ",")
        print("plugin \(loaded.name) (\(loaded.kind)) \(loaded.version), ABI \(loaded.abiMajor).\(loaded.abiMinor), capabilities: \(caps); seed \(options.seed), scale \(scale)")

        let report = ConformanceRunner.run(plugin: loaded, config: try configuration(for: loaded), options: options) {
            print($0)
            fflush(nil) // progress shows live when piped
        }
        print(report.summary)
        if let junit {
            do {
                try report.junitXML().write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("dfs-conformance: cannot write \(junit): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if report.failed > 0 { throw ExitCode(1) }
    }

    /// --config, --config-file, or the default for this plugin.
    func configuration(for p: LoadedPlugin) throws -> String {
        if let config { return config }
        if let configFile {
            do { return try String(contentsOfFile: configFile, encoding: .utf8) } catch {
                throw ValidationError("cannot read --config-file \(configFile): \(error.localizedDescription)")
            }
        }
        return p.name == "fs" ? #"{"path":"{tmp}"}"# : "{}"
    }
}

Conformance.main()
