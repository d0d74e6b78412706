/// The SQL flavour a statement is rendered for. Statements are written once
/// with `?` placeholders; the PostgreSQL backend renumbers them `$1, $2...`.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The column type for raw bytes.
    var blob: String { self == .sqlite ? "BLOB" : "BYTEA" }
}

/// One connection inside a transaction, handed to a transaction's body.
protocol SQLSession {
    /// Runs a statement that returns rows.
    func query(_ sql: String, _ params: [SQLValue]) throws -> [SQLRow]
    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ params: [SQLValue]) throws -> Int
}

extension SQLSession {
    /// The first row, or nil.
    func first(_ sql: String, _ params: [SQLValue]) throws -> SQLRow? {
        try query(sql, params).first
    }
}

/// Whether a transaction writes. Write transactions are serialized across
/// every process using the database (SQLite `BEGIN IMMEDIATE`; PostgreSQL a
/// transaction-scoped advisory lock), so read-check-write sequences (id
/// allocation, "in use" checks) are safe without retry loops.
enum TxMode: Sendable {
    case read
    case write
}

/// A database connection (or pool) able to run transactions. Thread-safe.
protocol SQLBackend: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Where the data lives, for messages and `dfs status` (no password).
    var label: String { get }
    /// Runs `body` in one transaction: committed when it returns, rolled
    /// back when it throws.
    @discardableResult
    func transaction<T>(_ mode: TxMode, _ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body` while holding the process-wide migration lock (PostgreSQL:
    /// a session advisory lock; SQLite: nothing extra, write transactions
    /// already exclude each other).
    func withMigrationLock<T>(_ body: () throws -> T) throws -> T
    /// Closes every connection; later calls fail.
    func close()
}
