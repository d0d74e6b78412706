import ArgumentParser
import Foundation
import HostPlugins
import HostServices
import Logging

/// `dfs serve`: one share from command-line flags, without the control
/// plane (no database, no API): load the plugins, open the stores, serve
/// the share over NFS until SIGINT/SIGTERM. For tests and quick use;
/// `dfs start` is the managed server.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve one share from flags, without the control plane (tests, quick use).",
        discussion: """
        No database, no REST API, nothing persisted but the share's own stores: for tests, \
        benchmarks and a quick look. `dfs start` runs the managed server instead.

        Loads every plugin found (see `dfs plugins`), opens the default metadata store \
        (\(Defaults.metadataPlugin), under <data-dir>/metadata) and payload store (\(Defaults.payloadPlugin), blocks under \
        <data-dir>/payload), registers the share \(Defaults.shareName) (--share) with its access \
        policy, and serves it over NFSv3 (MOUNT on the same port) when the "nfs" adapter plugin \
        is loaded. Runs until SIGINT or SIGTERM, then stops the adapters gracefully (up to 10 s), \
        drains the worker pool and closes the stores. Rejected plugin files are reported and \
        skipped; without the nfs plugin the server keeps running and serves no protocol.

        Share policy, applied by the host to every protocol: --squash root (default) maps \
        uid/gid 0 to the anonymous ids, all maps everyone, none maps nobody; AUTH_NONE callers \
        are always anonymous. --allow-client limits the share to addresses or CIDR blocks, \
        --require-privileged-port to source ports below 1024; refused clients get "permission \
        denied" on MOUNT and on every operation.

        Examples:
          dfs serve --nfs-port 2049 --allow-client 10.0.0.0/8 --allow-client ::1
          dfs serve --squash all --anon-uid 1000 --anon-gid 1000 --read-only
          dfs serve --once            start, print the status, stop
          dfs serve --metadata postgres --metadata-config '{"dsn":"host=db dbname=dfs"}'
        """
    )

    @OptionGroup var options: PluginOptions

    @Option(name: .long, help: ArgumentHelp("Metadata store plugin for the default share.", valueName: "name"))
    var metadata: String = Defaults.metadataPlugin

    @Option(name: .long, help: ArgumentHelp("Payload store plugin for the default share.", valueName: "name"))
    var payload: String = Defaults.payloadPlugin

    @Option(name: .long, help: ArgumentHelp("JSON configuration of the metadata store (default: the embedded one under <data-dir>/metadata, or {}).",
                                            valueName: "json"))
    var metadataConfig: String?

    @Option(name: .long, help: ArgumentHelp("JSON configuration of the payload store (default: blocks under <data-dir>/payload for fs, or {}).",
                                            valueName: "json"))
    var payloadConfig: String?

    @OptionGroup(title: "Share") var shareOptions: ShareServeOptions

    @OptionGroup(title: "NFS") var nfs: NFSServeOptions

    @Flag(name: .long, help: "Start everything, print the status, stop and exit (for scripts and tests).")
    var once = false

    func run() throws {
        // Before any thread exists, so that every thread (workers, adapter
        // event loops) inherits the mask and only sigwait sees the signals.
        blockTerminationSignals()
        try options.bootstrapLogging(defaultLevel: .info)
        let log = Logger(label: "dfs")
        try FileManager.default.createDirectory(atPath: options.dataDir, withIntermediateDirectories: true)
        let registry = options.loadPlugins()
        print("dfs \(HostInfo.version) (plugin ABI \(HostInfo.abiVersion)), data directory \(options.dataDir)")
        print(PluginReport.table(plugins: registry.all))
        for f in registry.failures { print("rejected: \(f)") }

        let server = try EmbeddedServer.open(registry: registry, dataDirectory: options.dataDir,
                                             metadataPlugin: metadata, payloadPlugin: payload,
                                             metadataConfig: metadataConfig, payloadConfig: payloadConfig,
                                             shareName: shareOptions.share, readOnly: shareOptions.readOnly,
                                             cache: shareOptions.cache)
        defer { server.close() }
        print(server.statusLine)

        let services = try ProtocolServices(server: server, policy: shareOptions.policy, workers: shareOptions.workers)
        defer { services.stop() }
        print(shareOptions.policyLine)

        if nfs.noNfs {
            print("NFS adapter disabled (--no-nfs); serving no protocol")
        } else if let plugin = registry.plugin(kind: .adapter, name: Defaults.nfsAdapter) {
            let adapter = try services.startAdapter(plugin, settings: nfs.settingsJSON)
            let status = services.statusLine(adapter)
            let port = Self.port(inStatus: status) ?? nfs.nfsPort
            print("nfs: serving \(server.share.name) on \(nfs.nfsBind):\(port) (\(plugin.name) \(plugin.version))")
            print("nfs status: \(status)")
        } else {
            print("NFS adapter plugin not found; serving no protocol")
        }

        fflush(nil)   // stdout may be a pipe: show the status lines now
        if once { return }
        log.info("running; stop with Ctrl-C or SIGTERM")
        let signal = waitForTermination()
        log.info("received signal \(signal); shutting down")
    }
}

extension Serve {
    /// The "port" an adapter's status JSON reports (the real one when asked for port 0).
    static func port(inStatus json: String) -> Int? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return (o["port"] as? NSNumber)?.intValue
    }
}

