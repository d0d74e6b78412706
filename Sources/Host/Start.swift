import ArgumentParser
import Foundation
import HostPlugins
import Logging

/// `dfs start`: load the plugins, open the default stores, serve until
/// SIGINT/SIGTERM.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the server on the embedded default (foreground).",
        discussion: """
        Loads every plugin found (see `dfs plugins`), opens the default metadata store
        (\(Defaults.metadataPlugin)) and payload store (\(Defaults.payloadPlugin), blocks under
        <data-dir>/payload), mounts the share \(Defaults.shareName) and runs until SIGINT or SIGTERM.
        Rejected plugin files are reported and skipped; the server keeps running.
        """
    )

    @OptionGroup var options: PluginOptions

    @Option(name: .long, help: ArgumentHelp("Metadata store plugin for the default share.", valueName: "name"))
    var metadata: String = Defaults.metadataPlugin

    @Option(name: .long, help: ArgumentHelp("Payload store plugin for the default share.", valueName: "name"))
    var payload: String = Defaults.payloadPlugin

    @Flag(name: .long, help: "Start, report, and exit at once (for scripts and tests).")
    var once = false

    func run() throws {
        try options.bootstrapLogging(defaultLevel: .info)
        let log = Logger(label: "dfs")
        try FileManager.default.createDirectory(atPath: options.dataDir, withIntermediateDirectories: true)
        let registry = options.loadPlugins()
        print("dfs \(HostInfo.version) (plugin ABI \(HostInfo.abiVersion)), data directory \(options.dataDir)")
        print(PluginReport.table(plugins: registry.all))
        for f in registry.failures { print("rejected: \(f)") }

        let server = try EmbeddedServer.open(registry: registry, dataDirectory: options.dataDir,
                                             metadataPlugin: metadata, payloadPlugin: payload)
        defer { server.close() }
        print(server.statusLine)
        if once { return }
        log.info("running; stop with Ctrl-C or SIGTERM")
        let signal = waitForTermination()
        log.info("received signal \(signal); shutting down")
    }
}

enum Defaults {
    static let metadataPlugin = "memory"
    static let payloadPlugin = "fs"
    static let shareName = "/export"
}

/// Block until SIGINT or SIGTERM; returns the signal number.
func waitForTermination() -> Int32 {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    var sig: Int32 = 0
    sigwait(&set, &sig)
    return sig
}
