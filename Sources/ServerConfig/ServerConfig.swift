/// The server's configuration file (`config.yaml`): where `dfs` keeps its
/// data, how it logs, which control database it opens, where the REST API
/// and the metrics listen, and what the very first start creates.
///
/// Everything else (stores, shares, adapters, users) lives in the control
/// database and is changed through the API, not here.
///
/// Read it with ``load(path:environment:)`` or ``parse(yaml:source:environment:)``;
/// every problem is one ``ConfigError`` naming the file, the key path and the
/// line. Write it with ``render()``.
public struct ServerConfig: Codable, Equatable, Sendable {
    /// Where the server keeps its data (control database, pid file, logs,
    /// secrets, embedded stores). `~` is expanded; see ``dataDirectory``.
    public var dataDir: String
    /// Extra folders scanned for plugins, besides `<data_dir>/plugins` and
    /// the folder of the `dfs` binary.
    public var pluginDirs: [String]
    /// Where shares with a write-back cache keep it (one folder per share
    /// id); "" means `<data_dir>/cache`. Put it on a fast local disk.
    public var cacheDir: String
    public var log: Log
    public var database: Database
    public var api: API
    public var metrics: Metrics
    public var firstStart: FirstStart

    enum CodingKeys: String, CodingKey {
        case dataDir = "data_dir"
        case pluginDirs = "plugin_dirs"
        case cacheDir = "cache_dir"
        case log, database, api, metrics
        case firstStart = "first_start"
    }

    /// The defaults: what `dfs start` uses when there is no file.
    /// `environment` supplies `$DFS_DATA_DIR` / `$XDG_DATA_HOME` for the data directory.
    public static func defaults(environment: [String: String] = ServerConfig.processEnvironment) -> ServerConfig {
        ServerConfig(
            dataDir: defaultDataDir(environment: environment), pluginDirs: [], cacheDir: "", log: Log(), database: Database(),
            api: API(), metrics: Metrics(), firstStart: FirstStart()
        )
    }

    public init(dataDir: String, pluginDirs: [String], cacheDir: String = "", log: Log, database: Database, api: API, metrics: Metrics,
                firstStart: FirstStart) {
        self.dataDir = dataDir; self.pluginDirs = pluginDirs; self.cacheDir = cacheDir; self.log = log; self.database = database
        self.api = api; self.metrics = metrics; self.firstStart = firstStart
    }

    /// `log:`: the server's own log.
    public struct Log: Codable, Equatable, Sendable {
        public var level: Level
        public var format: Format
        /// The log file; "" means `<data_dir>/logs/dfs.log` when daemonized,
        /// stderr otherwise (see ``ServerConfig/logFile``).
        public var file: String

        public init(level: Level = .info, format: Format = .text, file: String = "") {
            self.level = level; self.format = format; self.file = file
        }

        /// The swift-log levels, by their names.
        public enum Level: String, Codable, CaseIterable, Sendable {
            case trace, debug, info, notice, warning, error, critical
        }

        /// `text`: `2026-11-21T04:10:22+0000 info label : message`;
        /// `json`: one object per line, starting with `"ts"`.
        public enum Format: String, Codable, CaseIterable, Sendable {
            case text, json
        }
    }

    /// `database:`: the control database (stores, shares, adapters, users, settings).
    public struct Database: Codable, Equatable, Sendable {
        public var type: Kind
        /// SQLite file; "" means `<data_dir>/control.db`.
        public var path: String
        /// PostgreSQL connection string (key=value or postgres:// URL).
        public var dsn: String
        /// A file holding the PostgreSQL connection string (read at start; keeps
        /// the password out of this file).
        public var dsnFile: String
        /// PostgreSQL schema holding the control tables.
        public var schema: String

        enum CodingKeys: String, CodingKey {
            case type, path, dsn
            case dsnFile = "dsn_file"
            case schema
        }

        public init(type: Kind = .sqlite, path: String = "", dsn: String = "", dsnFile: String = "", schema: String = "dfs_control") {
            self.type = type; self.path = path; self.dsn = dsn; self.dsnFile = dsnFile; self.schema = schema
        }

        /// The database engines.
        public enum Kind: String, Codable, CaseIterable, Sendable {
            case sqlite, postgres
        }
    }

    /// `api:`: the REST API (and `/health`).
    public struct API: Codable, Equatable, Sendable {
        public var bind: String
        public var port: Int
        public init(bind: String = "127.0.0.1", port: Int = 8080) { self.bind = bind; self.port = port }
    }

    /// `metrics:`: the Prometheus endpoint (`/metrics`).
    public struct Metrics: Codable, Equatable, Sendable {
        public var enabled: Bool
        public var bind: String
        public var port: Int
        public init(enabled: Bool = true, bind: String = "127.0.0.1", port: Int = 9090) {
            self.enabled = enabled; self.bind = bind; self.port = port
        }
    }

    /// `first_start:`: what the first start puts into an empty control
    /// database (one share over NFS). Ignored once the database holds anything.
    public struct FirstStart: Codable, Equatable, Sendable {
        /// NFS (and MOUNT) port; 0 picks a free port.
        public var nfsPort: Int
        public var nfsBind: String
        /// The share's name (its export path).
        public var share: String
        /// Metadata store plugin of the share.
        public var metadata: String
        /// Payload store plugin of the share.
        public var payload: String

        enum CodingKeys: String, CodingKey {
            case nfsPort = "nfs_port"
            case nfsBind = "nfs_bind"
            case share, metadata, payload
        }

        public init(nfsPort: Int = 12049, nfsBind: String = "0.0.0.0", share: String = "/export",
                    metadata: String = "badgerlike", payload: String = "fs") {
            self.nfsPort = nfsPort; self.nfsBind = nfsBind; self.share = share; self.metadata = metadata; self.payload = payload
        }
    }
}
