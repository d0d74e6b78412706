import ControlModels
import ControlStore
import Foundation
import HostPlugins
import Hummingbird
import Logging
import NIOCore
import ServerRuntime
import ServiceLifecycle
import UnixSignals
import Synchronization

/// Everything `dfs start` runs, as one object: the control database, the
/// live server (`ServerRuntime`), the control plane over both, and the
/// REST API on Hummingbird. Tests start it the same way on port 0.
///
/// Life cycle: `open` (database, runtime, first-run defaults, restore,
/// JWT key) → `run(onReady:)` (serves until `stop()` or a failure) →
/// `stop()` graceful: the API stops accepting, then the adapters stop
/// (requests in flight finish), the worker pool drains, the stores and
/// the database close.
public final class ControlServer: Sendable {
    public struct Options: Sendable {
        public var dataDirectory: String
        /// Root of the shares' caches (one folder per share id); nil:
        /// `<dataDirectory>/cache`.
        public var cacheDirectory: String?
        public var database: ControlDatabaseConfig
        /// Key sealing NT hashes and secrets (created 0600 when missing).
        public var keyFile: String
        public var bcryptCost = 10
        public var apiHost = "127.0.0.1"
        /// 0: any free port (reported to `onReady`).
        public var apiPort = 8080
        public var firstRun = FirstRunDefaults()
        public var pluginDirectories: [String] = []
        public var workers = 8
        /// Where Prometheus scrapes `/metrics`; nil: no metrics server.
        public var metrics: MetricsEndpoint?

        public struct MetricsEndpoint: Sendable {
            public var host: String
            public var port: Int
            public init(host: String, port: Int) { self.host = host; self.port = port }
        }

        public init(dataDirectory: String, database: ControlDatabaseConfig, keyFile: String) {
            self.dataDirectory = dataDirectory
            self.database = database
            self.keyFile = keyFile
        }
    }

    public let plane: ControlPlane
    public let api: API
    public let report: BootReport
    let options: Options
    let log: Logger
    private let group: AsyncStream<ServiceGroup>.Continuation
    private let groups: AsyncStream<ServiceGroup>

    private init(plane: ControlPlane, api: API, report: BootReport, options: Options, log: Logger) {
        self.plane = plane
        self.api = api
        self.report = report
        self.options = options
        self.log = log
        (groups, group) = AsyncStream.makeStream(of: ServiceGroup.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Open the database (running migrations), build the runtime over
    /// `registry`, create the first-run defaults on a fresh database and
    /// restore every store, share and enabled adapter.
    public static func open(_ options: Options, registry: PluginRegistry,
                            logger: Logger = Logger(label: "dfs")) async throws -> ControlServer {
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        // swift-metrics must point at Prometheus before instruments exist.
        if options.metrics != nil { _ = MetricsEndpoint.registry }
        try FileManager.default.createDirectory(atPath: (options.keyFile as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let dbOptions = ControlDatabaseOptions(keyFile: options.keyFile, bcryptCost: options.bcryptCost)
        let db = try options.database.open(options: dbOptions)
        let runtime: ServerRuntime
        do {
            runtime = try ServerRuntime(registry: registry, pluginDirectories: options.pluginDirectories, workers: options.workers)
        } catch {
            db.close()
            throw error
        }
        let plane = ControlPlane(db: db, runtime: runtime, dataDirectory: options.dataDirectory,
                                 cacheDirectory: options.cacheDirectory, logger: logger)
        let report: BootReport
        let secret: [UInt8]
        do {
            report = try await plane.run { try plane.bootstrap(options.firstRun) }
            secret = try await plane.run { try Self.signingKey(db) }
        } catch {
            runtime.shutdown()
            db.close()
            throw error
        }
        let api = API(plane: plane, tokens: await TokenService(secret: secret), logger: Logger(label: "dfs.api"))
        return ControlServer(plane: plane, api: api, report: report, options: options, log: logger)
    }

    /// The JWT signing key: created once (32 random bytes), kept sealed in
    /// the database so tokens survive restarts and work on every host.
    static func signingKey(_ db: any ControlDatabase) throws -> [UInt8] {
        if let k = try db.secret(named: "jwt-signing-key"), k.count >= 32 { return k }
        var rng = SystemRandomNumberGenerator()
        let k = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try db.setSecret(named: "jwt-signing-key", k)
        return k
    }

    /// The ports the servers got (useful when asked for port 0).
    public struct Ports: Sendable {
        public var api: Int
        public var metrics: Int?
    }

    /// Serve the API (and metrics) until `stop()` or one of `signals`;
    /// `onReady` runs once everything listens. Shuts the runtime and
    /// database down before returning (also on failure, e.g. a port taken).
    public func run(signals: [UnixSignal] = [], onReady: @escaping @Sendable (Ports) -> Void = { _ in }) async throws {
        let ports = Mutex<(api: Int?, metrics: Int?)>((nil, nil))
        let wantMetrics = options.metrics != nil
        let announce: @Sendable () -> Void = {
            let ready = ports.withLock { p -> Ports? in
                guard let a = p.api, !wantMetrics || p.metrics != nil else { return nil }
                return Ports(api: a, metrics: p.metrics)
            }
            if let ready { onReady(ready) }
        }
        let app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(options.apiHost, port: options.apiPort), serverName: "dfs"),
            onServerRunning: { channel in
                ports.withLock { $0.api = channel.localAddress?.port ?? 0 }
                announce()
            },
            logger: Logger(label: "dfs.http")
        )
        var services: [any Service] = [app]
        if let m = options.metrics {
            services.append(Application(
                router: MetricsEndpoint.router(plane: plane),
                configuration: .init(address: .hostname(m.host, port: m.port), serverName: "dfs-metrics"),
                onServerRunning: { channel in
                    ports.withLock { $0.metrics = channel.localAddress?.port ?? 0 }
                    announce()
                },
                logger: Logger(label: "dfs.metrics")
            ))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: signals, logger: log))
        self.group.yield(group)
        defer { shutdown() }
        try await group.run()
    }

    /// Ask `run` to stop gracefully (idempotent; safe from any thread).
    public func stop() async {
        for await g in groups {
            await g.triggerGracefulShutdown()
            break
        }
    }

    /// Stop adapters, drain, close stores and the database.
    func shutdown() {
        plane.runtime.shutdown()
        plane.db.close()
        log.info("stopped")
    }
}
