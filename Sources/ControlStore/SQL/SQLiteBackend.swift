import CSQLite
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// SQLite through one connection guarded by a lock (SQLite serializes
/// writers anyway; the control plane's load is small). WAL journal,
/// `busy_timeout` for other processes on the same file, foreign keys on.
final class SQLiteBackend: SQLBackend, @unchecked Sendable {
    let dialect = SQLDialect.sqlite
    let label: String
    private let lock = NSLock()
    /// nil once closed. Guarded by `lock`.
    private var db: OpaquePointer?
    /// Prepared statements by SQL text. Guarded by `lock`.
    private var cache: [String: OpaquePointer] = [:]

    /// Opens (creating, mode 0600) the database file at `path`.
    init(path: String, busyTimeoutMs: Int32 = 5000) throws {
        label = "sqlite:\(path)"
        guard !path.isEmpty else { throw ControlStoreError.invalid("the SQLite database path is empty") }
        // Create the file ourselves so that it is 0600 from the start; SQLite
        // gives its -wal and -shm files the same mode.
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 {
            throw ControlStoreError.backend("cannot open the control database \(path): \(String(cString: strerror(errno)))")
        }
        Glibc.close(fd)
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw ControlStoreError.backend("cannot open the control database \(path): \(msg)")
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMs)
        do {
            try run(handle, "PRAGMA journal_mode=WAL")
            try run(handle, "PRAGMA foreign_keys=ON")
            try run(handle, "PRAGMA synchronous=FULL")
        } catch {
            sqlite3_close_v2(handle)
            db = nil
            throw error
        }
    }

    deinit { close() }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        for (_, stmt) in cache { sqlite3_finalize(stmt) }
        cache = [:]
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    func withMigrationLock<T>(_ body: () throws -> T) throws -> T { try body() }

    @discardableResult
    func transaction<T>(_ mode: TxMode, _ body: (any SQLSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let db else { throw ControlStoreError.backend("the control database \(label) is closed") }
        try run(db, mode == .write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let session = Session(backend: self, db: db)
        do {
            let result = try body(session)
            try run(db, "COMMIT")
            return result
        } catch {
            _ = sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    /// Runs SQL text without parameters or results.
    private func run(_ db: OpaquePointer, _ sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw Self.error(db, rc, sql) }
    }

    /// A prepared statement for `sql`, from the cache. Caller holds `lock`.
    fileprivate func statement(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        if let s = cache[sql] { return s }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw Self.error(db, rc, sql) }
        cache[sql] = stmt
        return stmt
    }

    /// Maps an SQLite result code to a ControlStoreError.
    static func error(_ db: OpaquePointer, _ rc: Int32, _ sql: String) -> ControlStoreError {
        let msg = String(cString: sqlite3_errmsg(db))
        switch rc {
        case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            return .alreadyExists("already exists (\(msg))")
        case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
            return .conflict("refers to something that does not exist or is still referenced (\(msg))")
        case SQLITE_BUSY, SQLITE_LOCKED, 517 /* BUSY_SNAPSHOT */, 261 /* BUSY_RECOVERY */:
            return .conflict("the control database is busy (another process holds it); try again")
        default:
            let head = sql.split(separator: "\n").first.map(String.init) ?? sql
            return .backend("control database error \(rc): \(msg) (in: \(head.prefix(80)))")
        }
    }

    /// The connection inside one transaction (the backend's lock is held).
    private struct Session: SQLSession {
        let backend: SQLiteBackend
        let db: OpaquePointer

        func query(_ sql: String, _ params: [SQLValue]) throws -> [SQLRow] {
            try step(sql, params, collect: true).rows
        }

        func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
            try step(sql, params, collect: false).changes
        }

        private func step(_ sql: String, _ params: [SQLValue], collect: Bool) throws -> (rows: [SQLRow], changes: Int) {
            try SQLValue.checkNoNUL(params)
            let stmt = try backend.statement(db, sql)
            defer {
                sqlite3_reset(stmt)
                sqlite3_clear_bindings(stmt)
            }
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (i, p) in params.enumerated() {
                let idx = Int32(i + 1)
                let rc: Int32
                switch p {
                case .null: rc = sqlite3_bind_null(stmt, idx)
                case .int(let v): rc = sqlite3_bind_int64(stmt, idx, v)
                case .text(let s): rc = sqlite3_bind_text(stmt, idx, s, -1, transient)
                case .blob(let b):
                    rc = b.withUnsafeBytes { sqlite3_bind_blob(stmt, idx, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(b.count), transient) }
                }
                if rc != SQLITE_OK { throw SQLiteBackend.error(db, rc, sql) }
            }
            var rows: [SQLRow] = []
            while true {
                let rc = sqlite3_step(stmt)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw SQLiteBackend.error(db, rc, sql) }
                guard collect else { continue }
                let n = sqlite3_column_count(stmt)
                var values: [SQLValue] = []
                values.reserveCapacity(Int(n))
                for c in 0..<n {
                    switch sqlite3_column_type(stmt, c) {
                    case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(stmt, c)))
                    case SQLITE_NULL: values.append(.null)
                    case SQLITE_BLOB:
                        let len = Int(sqlite3_column_bytes(stmt, c))
                        if let p = sqlite3_column_blob(stmt, c), len > 0 {
                            values.append(.blob(Array(UnsafeRawBufferPointer(start: p, count: len))))
                        } else {
                            values.append(.blob([]))
                        }
                    default:
                        values.append(.text(sqlite3_column_text(stmt, c).map { String(cString: $0) } ?? ""))
                    }
                }
                rows.append(SQLRow(values: values))
            }
            return (rows, Int(sqlite3_changes(db)))
        }
    }
}
