import CLibPQ
import Foundation
import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#endif

/// The validated configuration of a `postgres` store.
struct Config {
    /// libpq conninfo, password included (never printed).
    var conninfo: String
    /// Unquoted schema name ([a-z_][a-z0-9_]{0,62}).
    var schema: String
    var poolSize: Int
    var maxConnections: Int
    var lockTimeoutMS: Int

    /// The schema name quoted for SQL.
    var quotedSchema: String { "\"\(schema)\"" }

    static func parse(_ json: UnsafePointer<CChar>?) throws -> Config {
        var cfg = try PluginConfig(json, plugin: "postgres")
        let dsn = try cfg.optionalString("dsn")
        let host = try cfg.optionalString("host")
        let port = try cfg.optionalString("port")
        let dbname = try cfg.optionalString("dbname")
        let user = try cfg.optionalString("user")
        let passwordEnv = try cfg.optionalString("password_env")
        let passwordFile = try cfg.optionalString("password_file")
        let schema = try cfg.string("schema", default: "dfs")
        let pool = try cfg.int("pool_size", default: 8, range: 2...1024)
        let maxConns = try cfg.int("max_connections", default: max(64, pool), range: 2...4096)
        let lockTimeout = try cfg.int("lock_timeout_ms", default: 2000, range: 1...600_000)
        try cfg.finish()
        if maxConns < pool {
            throw PluginError.inval("postgres: key \"max_connections\" = \(maxConns) is below \"pool_size\" = \(pool)")
        }

        guard schema.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw PluginError.inval("postgres: key \"schema\" = \"\(schema)\" is not a valid schema name (want [a-z_][a-z0-9_]{0,62})")
        }
        if schema.hasPrefix("pg_") {
            throw PluginError.inval("postgres: key \"schema\" = \"\(schema)\": names starting with pg_ are reserved by PostgreSQL")
        }
        var parts: [String] = []
        if let dsn {
            if let k = [("host", host), ("port", port), ("dbname", dbname), ("user", user)].first(where: { $0.1 != nil })?.0 {
                throw PluginError.inval("postgres: key \"\(k)\" cannot be combined with \"dsn\": give either a DSN or the fields")
            }
            if dsn.hasPrefix("postgres://") || dsn.hasPrefix("postgresql://") {
                throw PluginError.inval("postgres: key \"dsn\" must be a libpq key=value conninfo string (URIs are not accepted, so that the password can be added safely)")
            }
            parts.append(dsn)
        } else {
            if let port, Int(port) == nil {
                throw PluginError.inval("postgres: key \"port\" = \"\(port)\" is not a port number")
            }
            for (k, v) in [("host", host), ("port", port), ("dbname", dbname), ("user", user)] {
                if let v { parts.append("\(k)=\(quote(v))") }
            }
        }
        if passwordEnv != nil && passwordFile != nil {
            throw PluginError.inval("postgres: keys \"password_env\" and \"password_file\" are exclusive")
        }
        if let passwordEnv {
            guard let p = ProcessInfo.processInfo.environment[passwordEnv] else {
                throw PluginError.inval("postgres: key \"password_env\": environment variable \(passwordEnv) is not set")
            }
            parts.append("password=\(quote(p))")
        }
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile),
                  var p = String(data: data, encoding: .utf8) else {
                throw PluginError.inval("postgres: key \"password_file\": cannot read \(passwordFile)")
            }
            while p.hasSuffix("\n") || p.hasSuffix("\r") { p.removeLast() }
            parts.append("password=\(quote(p))")
        }
        // Never wait forever for a server that does not answer.
        let conninfo = parts.joined(separator: " ")
        if !conninfo.contains("connect_timeout") { parts.append("connect_timeout=10") }
        parts.append("application_name=dittofs")
        return Config(conninfo: parts.joined(separator: " "), schema: schema, poolSize: pool, maxConnections: maxConns, lockTimeoutMS: lockTimeout)
    }

    /// A conninfo value in single quotes with \ and ' escaped.
    private static func quote(_ v: String) -> String {
        "'" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// A bounded pool of connections, each set up (timeouts, prepared
/// statements) when it is made. One connection serves one transaction.
final class Pool: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var idle: [Conn] = []
    /// Connections that exist (idle, lent out, or being made).
    private var count = 0
    /// Hard cap on connections; `keep` of them stay open when idle.
    let size: Int
    let keep: Int
    private let make: () throws -> Conn

    init(size: Int, keep: Int, make: @escaping () throws -> Conn) {
        self.size = size
        self.keep = keep
        self.make = make
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        idle.removeAll()
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    /// Adds an already set-up connection (the one `open` made).
    func seed(_ c: Conn) {
        pthread_mutex_lock(mutex)
        idle.append(c)
        count += 1
        pthread_mutex_unlock(mutex)
    }

    /// An idle connection, a new one while below `size`, or one released
    /// within `waitMS`; else RETRY (every connection is busy).
    func acquire(waitMS: Int) throws -> Conn {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        deadline.tv_sec += waitMS / 1000
        deadline.tv_nsec += (waitMS % 1000) * 1_000_000
        if deadline.tv_nsec >= 1_000_000_000 { deadline.tv_sec += 1; deadline.tv_nsec -= 1_000_000_000 }
        pthread_mutex_lock(mutex)
        while true {
            if let c = idle.popLast() {
                pthread_mutex_unlock(mutex)
                return c
            }
            if count < size {
                count += 1
                pthread_mutex_unlock(mutex)
                do {
                    return try make()
                } catch {
                    pthread_mutex_lock(mutex)
                    count -= 1
                    pthread_cond_signal(cond)
                    pthread_mutex_unlock(mutex)
                    throw error
                }
            }
            if pthread_cond_timedwait(cond, mutex, &deadline) == ETIMEDOUT, idle.isEmpty, count >= size {
                pthread_mutex_unlock(mutex)
                throw PluginError.retry("postgres: all \(size) connections are busy (waited \(waitMS) ms; raise \"max_connections\")")
            }
        }
    }

    /// Returns a connection; a broken one (or one stuck in a transaction)
    /// is closed and its slot freed.
    func release(_ c: Conn) {
        var keep = c.healthy
        if keep && !c.idle {
            _ = try? c.exec("ROLLBACK")
            keep = c.healthy && c.idle
        }
        pthread_mutex_lock(mutex)
        if keep && idle.count < self.keep { idle.append(c) } else { count -= 1 }
        pthread_cond_signal(cond)
        pthread_mutex_unlock(mutex)
    }
}

/// One open `postgres` metadata store instance.
final class Store: @unchecked Sendable {
    let config: Config
    let pool: Pool
    /// A dedicated connection for alloc_ids (autocommit, outside user
    /// transactions, so it never waits for a pool slot).
    private let allocConn: Lock<Conn?>

    private init(config: Config, first: Conn) {
        self.config = config
        let cfg = config
        pool = Pool(size: config.maxConnections, keep: config.poolSize) { try Store.connect(cfg) }
        pool.seed(first)
        allocConn = Lock(nil)
    }

    static func open(config json: UnsafePointer<CChar>?) throws -> Store {
        let cfg = try Config.parse(json)
        let c = try Conn(conninfo: cfg.conninfo)
        try migrate(c, cfg)
        try setUp(c, cfg)
        return Store(config: cfg, first: c)
    }

    /// A new connection with session settings and prepared statements.
    static func connect(_ cfg: Config) throws -> Conn {
        let c = try Conn(conninfo: cfg.conninfo)
        try setUp(c, cfg)
        return c
    }

    /// Session settings: lock waits end in 55P03 (-> RETRY); a statement
    /// never runs unbounded; index scans preferred (finer SSI predicate
    /// locks, fewer false conflicts); then the prepared statements.
    private static func setUp(_ c: Conn, _ cfg: Config) throws {
        let stmtTimeout = max(30_000, cfg.lockTimeoutMS * 10)
        try c.exec("SET lock_timeout = \(cfg.lockTimeoutMS); SET statement_timeout = \(stmtTimeout); SET enable_seqscan = off; SET synchronous_commit = on",
                   "session settings")
        try c.prepare(Schema.statements(cfg.quotedSchema))
    }

    /// Creates or upgrades the schema, in one transaction, serialized
    /// between hosts by an advisory lock on the schema name.
    private static func migrate(_ c: Conn, _ cfg: Config) throws {
        let s = cfg.quotedSchema
        let all = Schema.migrations(s)
        do {
            try c.exec("SET client_min_messages = warning", "migration: settings")
            try c.exec("BEGIN", "migration: begin")
            try c.exec("SELECT pg_advisory_xact_lock(hashtext('dittofs-migrate:\(cfg.schema)'))", "migration: lock")
            try c.exec("CREATE SCHEMA IF NOT EXISTS \(s)", "migration: create schema \(cfg.schema)")
            try c.exec("CREATE TABLE IF NOT EXISTS \(s).schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                       "migration: create schema_version")
            let r = try c.exec("SELECT coalesce(max(version), 0)::text FROM \(s).schema_version", "migration: read version")
            let current = Int(String(cString: PQgetvalue(r.res, 0, 0))) ?? 0
            if current > all.count {
                throw PluginError(DFS_ERR_VERSION, "postgres: schema \"\(cfg.schema)\" is at version \(current), newer than this plugin knows (\(all.count))")
            }
            for v in current..<all.count {
                do {
                    try c.exec(all[v], "migration \(v + 1)")
                    try c.exec("INSERT INTO \(s).schema_version (version) VALUES (\(v + 1))", "migration \(v + 1): record")
                } catch let e as PluginError {
                    throw PluginError(e.code, "postgres: migration of schema \"\(cfg.schema)\" to version \(v + 1) failed: \(e.message)")
                }
            }
            try c.exec("COMMIT", "migration: commit")
        } catch let e as PluginError {
            _ = try? c.exec("ROLLBACK")
            // Two hosts creating the schema at once: the loser retries once the winner committed.
            throw e.code == DFS_ERR_VERSION || e.message.contains("migration") ? e
                : PluginError(e.code, "postgres: migration of schema \"\(cfg.schema)\" failed: \(e.message)")
        }
    }

    /// Reserves `count` consecutive inode numbers, in its own autocommit
    /// statement on the allocator connection (not transactional).
    func allocIDs(_ count: UInt32) throws -> UInt64 {
        if count == 0 { throw PluginError.inval("postgres: alloc_ids count must be >= 1") }
        return try allocConn.withLock { slot in
            var last: PluginError?
            for _ in 0..<20 {
                do {
                    if slot == nil || !(slot!.healthy) { slot = try Store.connect(config) }
                    let r = try slot!.run(Stmt.allocIDs, [.i64(Int64(count))])
                    if r.rows == 0 { throw PluginError(DFS_ERR_NOSPC, "postgres: inode numbers exhausted") }
                    return r.u64(0, 0)
                } catch let e as PluginError where e.code == DFS_ERR_RETRY || e.code == DFS_ERR_AGAIN {
                    last = e
                    if e.code == DFS_ERR_AGAIN { slot = nil }
                }
            }
            throw last ?? PluginError.io("postgres: alloc_ids failed")
        }
    }
}
