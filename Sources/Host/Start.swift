import ArgumentParser
import ControlAPI
import ControlStore
import Foundation
import HostPlugins
import Logging
import HostAdmin
import ServerConfig
import UnixSignals

/// `dfs start`: the managed server. Reads the configuration file, opens the
/// control database (creating the admin user, default stores, the share
/// /export and the NFS adapter on a fresh one), restores every store, share
/// and adapter, and serves the REST API and Prometheus metrics until
/// SIGTERM/SIGINT or `dfs stop`.
struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the server (foreground; --daemon to detach).",
        discussion: """
        Reads the configuration (--config, else $DFS_CONFIG, else ~/.config/dfs/config.yaml; \
        built-in defaults when there is no file — see `dfs init`). The first start on a fresh \
        database creates the admin user (password from $DFS_ADMIN_PASSWORD, or generated and \
        printed ONCE), a metadata store and a payload store under the data directory, the share \
        /export and the NFS adapter on port 12049 — a mountable share with nothing else to do. \
        Later starts restore whatever `dfsctl` changed.

        The REST API listens on 127.0.0.1:8080 and Prometheus metrics on 127.0.0.1:9090 unless \
        configured otherwise. SIGTERM or SIGINT stop gracefully: the API stops, adapters stop \
        accepting and finish the requests in flight, stores are flushed and closed.

        Examples:
          dfs start
          DFS_ADMIN_PASSWORD=s3cret-pass dfs start --config ./dfs.yaml
          dfs start --daemon            detach; see `dfs status`, `dfs logs`, `dfs stop`
          dfs start --once              start, print the status, stop (scripts)

        Mount from Linux:
          mount -o vers=3,tcp,port=12049,mountport=12049,nolock host:/export /mnt
        """
    )

    @Option(name: .long, help: ArgumentHelp("Configuration file.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Data directory (overrides the configuration).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("REST API port (overrides the configuration; 0: any free port).", valueName: "port"))
    var apiPort: Int?

    @Option(name: .long, help: ArgumentHelp("Prometheus metrics port (overrides the configuration; 0: any free port).", valueName: "port"))
    var metricsPort: Int?

    @Option(name: .long, help: ArgumentHelp("Log level (overrides the configuration).", valueName: "level"))
    var logLevel: String?

    @Option(name: .long, help: ArgumentHelp("Extra folder to scan for plugins (repeatable).", valueName: "dir"))
    var pluginDir: [String] = []

    @Flag(name: .long, help: "Detach: run in the background, logging to the log file, with a pid file.")
    var daemon = false

    @Option(name: .long, help: ArgumentHelp("Pid file (default <data-dir>/dfs.pid).", valueName: "file"))
    var pidFile: String?

    @Option(name: .long, help: ArgumentHelp("Log file for --daemon (default <data-dir>/logs/dfs.log).", valueName: "file"))
    var logFile: String?

    @Flag(name: .long, help: "Start everything, print the status, stop and exit (for scripts and tests).")
    var once = false

    func validate() throws {
        if let apiPort, !(0...65535).contains(apiPort) { throw ValidationError("--api-port must be 0...65535") }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0...65535") }
        if daemon && once { throw ValidationError("--daemon and --once do not go together") }
    }

    /// The configuration with the command-line overrides applied. Without
    /// --config, a missing default file means the built-in defaults.
    func effectiveConfig() throws -> ServerConfig {
        var c: ServerConfig
        do {
            c = try ServerConfig.load(path: config ?? ServerConfig.defaultPath)
        } catch ConfigError.missing(_) where config == nil {
            c = ServerConfig.defaults()
        }
        if let dataDir { c.dataDir = dataDir }
        if let apiPort { c.api.port = apiPort }
        if let metricsPort { c.metrics.port = metricsPort }
        if let logLevel {
            guard let l = ServerConfig.Log.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("unknown --log-level \"\(logLevel)\" (use trace, debug, info, notice, warning, error or critical)")
            }
            c.log.level = l
        }
        c.pluginDirs += pluginDir
        return c
    }

    /// The control database the configuration names.
    static func database(_ c: ServerConfig) throws -> ControlDatabaseConfig {
        switch c.database.type {
        case .sqlite:
            return .sqlite(path: c.databasePath)
        case .postgres:
            guard let dsn = try c.resolvedDSN() else {
                throw StartFailure("database.type is postgres but no DSN is set (database.dsn, database.dsn_file or $DFS_DATABASE_DSN)")
            }
            return .postgres(dsn: dsn, schema: c.database.schema)
        }
    }

    func run() async throws {
        let c = try effectiveConfig()
        let pid = pidFile ?? c.pidFile
        if daemon {
            try Daemon.start(arguments: Array(CommandLine.arguments.dropFirst()).filter { $0 != "--daemon" },
                             pidFile: pid, logFile: logFile ?? c.logFile, apiHost: c.api.bind, apiPort: c.api.port)
            return
        }
        LogSetup.bootstrap(level: try LogSetup.parseLevel(c.log.level.rawValue), format: LogSetup.Format(rawValue: c.log.format.rawValue) ?? .text)
        let log = Logger(label: "dfs")
        ControlAPIInfo.version = HostInfo.version

        let dataDir = c.dataDirectory
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        // Before anything binds a port: a second server on the same data fails here.
        do {
            try PidFile.claim(pid)
        } catch {
            throw StartFailure("\(error)")
        }
        defer { PidFile.release(pid) }
        let registry = PluginRegistry()
        let pluginDirs = c.pluginDirectories + PluginRegistry.defaultSearchPaths(dataDirectory: dataDir)
        for dir in pluginDirs { registry.scan(directory: dir) }
        print("dfs \(HostInfo.version) (plugin ABI \(HostInfo.abiVersion)), data directory \(dataDir)")
        print(PluginReport.table(plugins: registry.all))
        for f in registry.failures { print("rejected: \(f)") }

        var options = ControlServer.Options(dataDirectory: dataDir, database: try Self.database(c), keyFile: c.keyFile)
        options.cacheDirectory = c.cacheDirectory
        options.apiHost = c.api.bind
        options.apiPort = c.api.port
        options.pluginDirectories = pluginDirs
        var first = FirstRunDefaults(adminPassword: ProcessInfo.processInfo.environment["DFS_ADMIN_PASSWORD"])
        first.nfsPort = c.firstStart.nfsPort
        first.nfsBind = c.firstStart.nfsBind
        first.shareName = c.firstStart.share
        first.metadataType = c.firstStart.metadata
        first.payloadType = c.firstStart.payload
        options.firstRun = first
        if c.metrics.enabled {
            options.metrics = .init(host: c.metrics.bind, port: c.metrics.port)
        }

        let server: ControlServer
        do {
            server = try await ControlServer.open(options, registry: registry, logger: log)
        } catch {
            throw StartFailure("cannot start: \(error)")
        }
        server.plane.settings.onLogLevel = { level in LogSetup.level.withLock { $0 = level } }
        report(server)

        let once = self.once
        try await server.run(signals: once ? [] : [.sigterm, .sigint]) { ports in
            print("api: http://\(c.api.bind):\(ports.api)/api/v1  (health: /health, OpenAPI: /api/v1/openapi.json)")
            if let m = ports.metrics { print("metrics: http://\(c.metrics.bind):\(m)/metrics") }
            for a in server.plane.runtime.runningAdapters {
                if case .running(_, let status) = server.plane.runtime.adapterState(type: a) { print("\(a) status: \(status)") }
            }
            print("ready")
            fflush(nil)
            if once { Task { await server.stop() } }
        }
    }

    func report(_ server: ControlServer) {
        let r = server.report
        if r.firstRun {
            print("first start: created the admin user \"admin\", stores \"default\", share /export, NFS adapter")
        }
        if let pw = r.generatedAdminPassword {
            print("""

            ==================================================================
             admin password (shown once; change it with `dfsctl user passwd`):
               \(pw)
            ==================================================================

            """)
        }
        for p in r.problems { print("not restored: \(p)") }
        for s in server.plane.runtime.servedShares {
            print("share \(s.name): metadata \"\(s.metadataStore)\", payload \"\(s.payloadStore)\"\(s.readOnly ? ", read-only" : ""), root handle \(server.plane.runtime.rootHandle(share: s.name) ?? "?")")
        }
        fflush(nil)
    }
}

struct StartFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

