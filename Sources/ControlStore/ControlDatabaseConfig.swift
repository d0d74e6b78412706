import Logging

/// Which database holds the control plane's state.
public enum ControlDatabaseConfig: Sendable, Equatable {
    /// A SQLite file (created mode 0600): the default, one host.
    case sqlite(path: String)
    /// A PostgreSQL database (libpq connection string or URI); the tables
    /// live in `schema`. Every host of one cluster names the same schema;
    /// different clusters can share a database with different schemas.
    case postgres(dsn: String, schema: String = "dfs_control")

    /// Opens (creating and migrating as needed) the database.
    public func open(options: ControlDatabaseOptions) throws -> any ControlDatabase {
        switch self {
        case .sqlite(let path): try SQLiteControlDatabase(path: path, options: options)
        case .postgres(let dsn, let schema): try PostgresControlDatabase(dsn: dsn, schema: schema, options: options)
        }
    }
}

/// Settings common to both backends.
public struct ControlDatabaseOptions: Sendable {
    /// The 32-byte AES key sealing NT hashes and secrets; created (random,
    /// mode 0600) when missing. Keep it outside the database and back it up:
    /// without it, NT hashes and secrets cannot be read.
    public var keyFile: String
    /// bcrypt cost (log2 rounds), 4-31. 10 is ~50-100 ms per hash.
    public var bcryptCost: Int
    /// PostgreSQL: connections in the pool (at least 2: migrations hold a
    /// lock on one connection while running on another).
    public var maxConnections: Int
    public var logger: Logger

    public init(keyFile: String, bcryptCost: Int = 10, maxConnections: Int = 4,
                logger: Logger = Logger(label: "dfs.control-store")) {
        self.keyFile = keyFile; self.bcryptCost = bcryptCost; self.maxConnections = maxConnections; self.logger = logger
    }
}
