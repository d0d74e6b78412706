import Foundation

/// Brings a database to `Migrations.latest`, each migration in its own
/// transaction together with its `schema_version` row, under the backend's
/// migration lock (several hosts may open one PostgreSQL database at once).
enum Migrator {
    /// Applies what is missing; returns the version the database is at.
    /// Refuses a database written by newer code.
    @discardableResult
    static func migrate(_ backend: any SQLBackend, migrations: [Migration] = Migrations.all) throws -> Int {
        let latest = migrations.last?.version ?? 0
        return try backend.withMigrationLock {
            try backend.transaction(.write) { s in
                try s.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)", [])
            }
            var current = try version(backend)
            if current > latest {
                throw ControlStoreError.invalid(
                    "the control database \(backend.label) has schema version \(current), newer than this dfs knows (\(latest)): "
                        + "it was written by a newer dfs; run that version (or newer) instead")
            }
            for m in migrations where m.version > current {
                try backend.transaction(.write) { s in
                    // Another host may have applied it in the meantime (SQLite has no migration lock).
                    let now = try s.first("SELECT MAX(version) FROM schema_version", []).map { $0.int(0) } ?? 0
                    guard now < m.version else { return }
                    for sql in m.statements(backend.dialect) { try s.execute(sql, []) }
                    try s.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", [.int(Int64(m.version)), .text(Clock.now())])
                }
                current = m.version
            }
            return try version(backend)
        }
    }

    /// The highest applied migration (0 for a new database).
    static func version(_ backend: any SQLBackend) throws -> Int {
        try backend.transaction(.read) { s in
            Int(try s.first("SELECT MAX(version) FROM schema_version", []).map { $0.int(0) } ?? 0)
        }
    }
}

/// Timestamps as the database keeps them: ISO 8601, UTC, seconds.
enum Clock {
    static func now() -> String {
        var t = time(nil)
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
    }
}
