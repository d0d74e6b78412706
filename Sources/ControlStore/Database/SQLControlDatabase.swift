import ControlModels
import Crypto
import Foundation
import HummingbirdBcrypt
import Logging

/// The control database over either SQL backend: the statements are shared
/// (portable SQL, `?` placeholders); the subclasses only pick the backend.
/// Operations live in extensions, one file per resource.
public class SQLControlDatabase: ControlDatabase, @unchecked Sendable {
    // Immutable after init; the backend and the lock are thread-safe.
    let backend: any SQLBackend
    let sealer: Sealer
    let bcryptCost: UInt8
    let logger: Logger
    public let schemaVersion: Int
    public var label: String { backend.label }

    /// A bcrypt hash of a random password, verified against when the user
    /// does not exist so that unknown names cost as much as wrong passwords.
    private let dummyLock = NSLock()
    private var dummyHashValue: String?

    /// The secret that tells whether the key file matches the database.
    static let keyCheckName = "_keycheck"
    private static let keyCheckValue = Array("dittofs control key check v1".utf8)

    init(backend: any SQLBackend, options: ControlDatabaseOptions) throws {
        guard (4...31).contains(options.bcryptCost) else {
            throw ControlStoreError.invalid("bcrypt cost \(options.bcryptCost) is out of range: use 4-31 (10 is the default)")
        }
        self.backend = backend
        self.bcryptCost = UInt8(options.bcryptCost)
        self.logger = options.logger
        self.sealer = Sealer(key: try Sealer.loadOrCreateKey(path: options.keyFile))
        self.schemaVersion = try Migrator.migrate(backend)
        try checkKey(keyFile: options.keyFile)
        logger.debug("control database open", metadata: ["database": "\(backend.label)", "schema": "\(schemaVersion)"])
    }

    public func close() { backend.close() }

    /// Seals a known value on first open; later opens must be able to open it.
    private func checkKey(keyFile: String) throws {
        let context = "secret:" + Self.keyCheckName
        let sealed = try backend.transaction(.read) { s in
            try s.first("SELECT sealed FROM secrets WHERE name = ?", [.text(Self.keyCheckName)]).map { $0.blob(0) }
        }
        if let sealed {
            guard (try? sealer.open(sealed, context: context)) == Self.keyCheckValue else {
                throw ControlStoreError.invalid(
                    "the key file \(keyFile) does not match the control database \(backend.label) (it was written with another key): use the original key file")
            }
            return
        }
        let value = try sealer.seal(Self.keyCheckValue, context: context)
        try backend.transaction(.write) { s in
            try s.execute("INSERT INTO secrets (name, sealed) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                          [.text(Self.keyCheckName), .blob(value)])
        }
        // Another host may have won the race with another key: check again.
        let stored = try backend.transaction(.read) { s in
            try s.first("SELECT sealed FROM secrets WHERE name = ?", [.text(Self.keyCheckName)]).map { $0.blob(0) }
        }
        guard let stored, (try? sealer.open(stored, context: context)) == Self.keyCheckValue else {
            throw ControlStoreError.invalid("the key file \(keyFile) does not match the control database \(backend.label): use the key file of the other hosts")
        }
    }

    var dummyHash: String {
        dummyLock.lock()
        defer { dummyLock.unlock() }
        if let h = dummyHashValue { return h }
        let h = Bcrypt.hash(UUID().uuidString, cost: bcryptCost)
        dummyHashValue = h
        return h
    }

    /// The lowest id >= 1000 not in `used` (sorted ascending), skipping
    /// 65534 (nobody).
    static func firstFreeID(_ used: [Int64]) throws -> UInt32 {
        var candidate: Int64 = 1000
        for u in used where u >= candidate {
            if u == candidate { candidate += 1 } else { break }
            if candidate == 65534 { candidate += 1 }
        }
        if candidate == 65534 { candidate += 1 }
        guard candidate < Int64(UInt32.max) else { throw ControlStoreError.conflict("no free id left") }
        return UInt32(candidate)
    }
}

/// The SQLite backend: one file (created mode 0600), WAL journal.
public final class SQLiteControlDatabase: SQLControlDatabase, @unchecked Sendable {
    /// Opens or creates the database at `path` and migrates it.
    public init(path: String, options: ControlDatabaseOptions) throws {
        try super.init(backend: SQLiteBackend(path: path), options: options)
    }
}

/// The PostgreSQL backend: a small connection pool, tables in `schema`,
/// migrations under an advisory lock so several hosts may start at once.
public final class PostgresControlDatabase: SQLControlDatabase, @unchecked Sendable {
    /// Connects to `dsn` (libpq connection string or URI) and migrates `schema`.
    public init(dsn: String, schema: String = "dfs_control", options: ControlDatabaseOptions) throws {
        try super.init(backend: PostgresBackend(dsn: dsn, schema: schema, maxConnections: options.maxConnections), options: options)
    }
}
