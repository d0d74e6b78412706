import ArgumentParser
import Foundation
import HostPlugins
import Logging

/// `dfs`: the DittoFS server.
@main
struct DFS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs",
        abstract: "DittoFS: a user-space multi-protocol file server with pluggable stores.",
        discussion: """
        Stores and protocol adapters are plugins (.so files) loaded through a versioned C ABI.

        Examples:
          dfs start                      the managed server: REST API on 127.0.0.1:8080,
                                         /export over NFSv3 on port 12049 on a fresh machine
          dfs start --daemon             the same, in the background (dfs status/logs/stop)
          dfs serve --allow-client 10.0.0.0/8 --squash all
                                         one share from flags, no control plane
          dfs plugins                    list plugins found and files rejected
          dfs plugins --plugin-dir ./p   also scan ./p

        Mount from Linux:
          mount -o vers=3,tcp,port=12049,mountport=12049,nolock host:/export /mnt
        """,
        version: HostInfo.version,
        subcommands: [Start.self, Serve.self, Plugins.self, Version.self,
                      Init.self, ConfigCommand.self, Stop.self, Status.self, Logs.self, Completion.self]
    )
}

/// Options shared by the commands that load plugins.
struct PluginOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory (stores, plugins/).", valueName: "dir"))
    var dataDir: String = DataDirectory.default

    @Option(name: .long, help: ArgumentHelp("Extra folder to scan for plugins (repeatable).", valueName: "dir"))
    var pluginDir: [String] = []

    @Option(name: .long, help: ArgumentHelp("Load this plugin file explicitly (repeatable).", valueName: "path"))
    var plugin: [String] = []

    @Option(name: .long, help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel: String?

    /// Send logs to stderr at the chosen level (`defaultLevel` unless set).
    func bootstrapLogging(defaultLevel: Logger.Level) throws {
        var level = defaultLevel
        if let logLevel {
            guard let l = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("unknown --log-level \"\(logLevel)\" (use trace, debug, info, notice, warning or error)")
            }
            level = l
        }
        let chosen = level
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = chosen
            return h
        }
    }

    /// Scan the plugin folders and load the explicit files. Returns the
    /// registry; failures are kept in it (and logged), never fatal.
    func loadPlugins() -> PluginRegistry {
        let registry = PluginRegistry()
        for dir in pluginDir + PluginRegistry.defaultSearchPaths(dataDirectory: dataDir) {
            registry.scan(directory: dir)
        }
        for path in plugin {
            _ = try? registry.load(path: path)
        }
        return registry
    }
}

enum DataDirectory {
    /// `$DFS_DATA_DIR`, else `$XDG_DATA_HOME/dfs`, else `~/.local/share/dfs`.
    static var `default`: String {
        let env = ProcessInfo.processInfo.environment
        if let d = env["DFS_DATA_DIR"], !d.isEmpty { return d }
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/dfs" }
        return NSHomeDirectory() + "/.local/share/dfs"
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version and the plugin ABI version.")
    func run() {
        print("dfs \(HostInfo.version) (plugin ABI \(HostInfo.abiVersion))")
    }
}
