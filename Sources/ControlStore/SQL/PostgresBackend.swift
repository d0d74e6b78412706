import Foundation

/// PostgreSQL through a small pool of libpq connections. Every table lives
/// in one schema (default "dfs_control"), so several clusters can keep
/// their control data apart in one database, and every dfs host of one
/// cluster names the same schema to share it.
final class PostgresBackend: SQLBackend, @unchecked Sendable {
    let dialect = SQLDialect.postgres
    let label: String
    private let conninfo: String
    /// The schema name, double-quoted for SQL.
    private let quotedSchema: String
    /// The schema name, for advisory lock keys.
    private let schema: String
    private let maxConnections: Int
    private let cond = NSCondition()
    /// Guarded by `cond`.
    private var idle: [PGConnection] = []
    private var opened = 0
    private var closed = false

    /// The first key of both advisory locks ("dfsc"); the second is
    /// hashtext(schema).
    private static let migrationLockClass: Int32 = 0x6466_7363
    private static let writeLockClass: Int32 = 0x6466_7364

    /// Checks the schema name and opens one connection (to fail early with
    /// libpq's message when the server cannot be reached).
    init(dsn: String, schema: String, maxConnections: Int = 4) throws {
        guard schema.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw ControlStoreError.invalid("invalid PostgreSQL schema name \"\(schema)\": use 1-63 of a-z, 0-9 and _, not starting with a digit")
        }
        // Migrations hold the lock on one connection and run on another.
        guard maxConnections >= 2 else { throw ControlStoreError.invalid("the PostgreSQL pool needs at least 2 connections (got \(maxConnections))") }
        self.conninfo = dsn
        self.schema = schema
        self.quotedSchema = "\"\(schema)\""
        self.maxConnections = maxConnections
        let first = try PGConnection(conninfo: dsn, schema: "\"\(schema)\"")
        label = "postgres:\(first.target) schema \(schema)"
        idle = [first]
        opened = 1
    }

    deinit { close() }

    func close() {
        cond.lock()
        closed = true
        idle = []
        cond.broadcast()
        cond.unlock()
    }

    /// Takes a connection from the pool, opening one while under the limit,
    /// else waiting for one.
    private func checkout() throws -> PGConnection {
        cond.lock()
        while true {
            if closed {
                cond.unlock()
                throw ControlStoreError.backend("the control database \(label) is closed")
            }
            if let c = idle.popLast() {
                cond.unlock()
                return c
            }
            if opened < maxConnections {
                opened += 1
                cond.unlock()
                do {
                    return try PGConnection(conninfo: conninfo, schema: quotedSchema)
                } catch {
                    cond.lock()
                    opened -= 1
                    cond.signal()
                    cond.unlock()
                    throw error
                }
            }
            cond.wait()
        }
    }

    /// Gives a connection back; a broken one or one stuck in a transaction is dropped.
    private func checkin(_ c: PGConnection) {
        cond.lock()
        if !closed && c.healthy && c.idle { idle.append(c) } else { opened -= 1 }
        cond.signal()
        cond.unlock()
    }

    /// Runs `body` on a pooled connection. A pooled connection the server
    /// closed meanwhile (restart, idle timeout) only shows it on first use:
    /// when `start` fails that way, the connection is dropped and one fresh
    /// connection is tried.
    private func withConnection<T>(start: String? = nil, _ body: (PGConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            let c = try checkout()
            defer { checkin(c) }
            if let start {
                do {
                    try c.exec(start)
                } catch {
                    attempt += 1
                    if !c.healthy && attempt < 2 { continue }
                    throw error
                }
            }
            return try body(c)
        }
    }

    func withMigrationLock<T>(_ body: () throws -> T) throws -> T {
        try withConnection { c in
            _ = try c.run("SELECT pg_advisory_lock($1, hashtext($2))", [.int(Int64(Self.migrationLockClass)), .text(schema)])
            defer { _ = try? c.run("SELECT pg_advisory_unlock($1, hashtext($2))", [.int(Int64(Self.migrationLockClass)), .text(schema)]) }
            try c.exec("CREATE SCHEMA IF NOT EXISTS \(quotedSchema)")
            return try body()
        }
    }

    @discardableResult
    func transaction<T>(_ mode: TxMode, _ body: (any SQLSession) throws -> T) throws -> T {
        try withConnection(start: "BEGIN") { c in
            do {
                if mode == .write {
                    _ = try c.run("SELECT pg_advisory_xact_lock($1, hashtext($2))", [.int(Int64(Self.writeLockClass)), .text(schema)])
                }
                let result = try body(Session(conn: c))
                try c.exec("COMMIT")
                return result
            } catch {
                try? c.exec("ROLLBACK")
                throw error
            }
        }
    }

    /// `?` placeholders renumbered `$1, $2, ...` (the statements of this
    /// module hold no `?` inside literals).
    static func render(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        for ch in sql {
            if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    private struct Session: SQLSession {
        let conn: PGConnection

        func query(_ sql: String, _ params: [SQLValue]) throws -> [SQLRow] {
            try conn.run(PostgresBackend.render(sql), params).rows
        }

        func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
            try conn.run(PostgresBackend.render(sql), params).changes
        }
    }
}
