import ControlModels
import Foundation
import Testing
@testable import ControlStore

/// The backends the shared suite runs against. PostgreSQL runs when
/// DFS_TEST_PG_DSN is set (scripts/test.sh starts a throw-away cluster) and
/// is required under CI=true: there the fixture FAILS without the DSN.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var pgDSN: String? { ProcessInfo.processInfo.environment["DFS_TEST_PG_DSN"] }

    static var enabled: [Backend] {
        pgDSN != nil || ProcessInfo.processInfo.environment["CI"] == "true" ? allCases : [.sqlite]
    }
}

/// A fresh, empty database of one backend: SQLite in a temporary folder,
/// PostgreSQL in a schema of its own (dropped at the end), plus a key file.
final class Fixture: @unchecked Sendable {
    let backend: Backend
    let dir: String
    let keyFile: String
    let config: ControlDatabaseConfig
    let schema: String

    init(_ backend: Backend) throws {
        self.backend = backend
        var template = Array((NSTemporaryDirectory() + "/dfs-control-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw ControlStoreError.backend("mkdtemp failed") }
        dir = String(cString: p)
        keyFile = dir + "/control.key"
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch backend {
        case .sqlite:
            config = .sqlite(path: dir + "/control.db")
        case .postgres:
            let dsn = try #require(Backend.pgDSN, "CI=true but DFS_TEST_PG_DSN is not set: scripts/test.sh starts PostgreSQL and exports it")
            config = .postgres(dsn: dsn, schema: schema)
        }
    }

    /// Drops the PostgreSQL schema and removes the folder. Call it with
    /// `defer` (a deinit would run after the fixture's last use, which may
    /// be before the test is done with the database).
    func cleanup() {
        if case .postgres(let dsn, let schema) = config,
           let b = try? PostgresBackend(dsn: dsn, schema: schema, maxConnections: 2) {
            _ = try? b.withMigrationLock { try b.transaction(.write) { try $0.execute("DROP SCHEMA \"\(schema)\" CASCADE", []) } }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    var sqlitePath: String { dir + "/control.db" }

    /// Opens the database (bcrypt cost 4 unless told: tests stay fast).
    func open(cost: Int = 4, keyFile: String? = nil) throws -> SQLControlDatabase {
        let db = try config.open(options: ControlDatabaseOptions(keyFile: keyFile ?? self.keyFile, bcryptCost: cost))
        return try #require(db as? SQLControlDatabase)
    }
}

extension SQLControlDatabase {
    /// Raw SQL for tests.
    func raw(_ sql: String, _ params: [SQLValue] = []) throws -> [SQLRow] {
        try backend.transaction(.write) { try $0.query(sql, params) }
    }
}

/// Expects `body` to throw a ControlStoreError of `kind`; returns its message.
@discardableResult
func expectError<T>(_ kind: ControlStoreError.Kind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) -> String {
    do {
        _ = try body()
        Issue.record("expected a \(kind) error, got success", sourceLocation: sourceLocation)
        return ""
    } catch let e as ControlStoreError {
        #expect(e.kind == kind, "\(e.message)", sourceLocation: sourceLocation)
        #expect(!e.message.isEmpty, sourceLocation: sourceLocation)
        return e.message
    } catch {
        Issue.record("expected a ControlStoreError, got \(error)", sourceLocation: sourceLocation)
        return ""
    }
}
