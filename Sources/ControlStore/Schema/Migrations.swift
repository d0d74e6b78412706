/// One step of the schema: ordered statements bringing it to `version`.
struct Migration: Sendable {
    let version: Int
    let summary: String
    /// The statements, rendered for a dialect (only type names differ).
    let statements: @Sendable (SQLDialect) -> [String]
}

/// The control database's schema, as an ordered list of migrations.
/// Never edit a migration that has shipped: append a new one.
///
/// Portable SQL: BIGINT for integers (booleans 0/1, uids, ids), TEXT for
/// names, JSON documents and timestamps (ISO 8601 UTC), BLOB/BYTEA for
/// sealed bytes. Unsigned 64-bit ids never exceed 2^63 in practice (they
/// count up from 1).
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, summary: "users, groups, shares, grants, stores, adapters, settings, secrets") { d in
            [
                """
                CREATE TABLE counters (
                    name TEXT PRIMARY KEY,
                    next BIGINT NOT NULL)
                """,
                "INSERT INTO counters (name, next) VALUES ('share_id', 1)",
                """
                CREATE TABLE users (
                    name TEXT PRIMARY KEY,
                    uid BIGINT NOT NULL UNIQUE,
                    gid BIGINT NOT NULL,
                    email TEXT,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    nt_hash_sealed \(d.blob) NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE groups (
                    name TEXT PRIMARY KEY,
                    gid BIGINT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE group_members (
                    group_name TEXT NOT NULL REFERENCES groups (name) ON DELETE CASCADE,
                    user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                    PRIMARY KEY (group_name, user_name))
                """,
                "CREATE INDEX group_members_user ON group_members (user_name)",
                """
                CREATE TABLE stores (
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL,
                    config TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (kind, name))
                """,
                """
                CREATE TABLE shares (
                    id BIGINT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    metadata_store TEXT NOT NULL,
                    payload_store TEXT NOT NULL,
                    read_only BIGINT NOT NULL,
                    squash TEXT NOT NULL,
                    anon_uid BIGINT NOT NULL,
                    anon_gid BIGINT NOT NULL,
                    allowed_clients TEXT NOT NULL,
                    require_privileged_port BIGINT NOT NULL,
                    default_permission TEXT NOT NULL,
                    created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE grants (
                    share_id BIGINT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    principal TEXT NOT NULL,
                    level TEXT NOT NULL,
                    PRIMARY KEY (share_id, kind, principal))
                """,
                "CREATE INDEX grants_principal ON grants (kind, principal)",
                """
                CREATE TABLE adapters (
                    type TEXT PRIMARY KEY,
                    enabled BIGINT NOT NULL,
                    port BIGINT NOT NULL,
                    bind TEXT NOT NULL,
                    settings TEXT NOT NULL)
                """,
                """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL)
                """,
                """
                CREATE TABLE secrets (
                    name TEXT PRIMARY KEY,
                    sealed \(d.blob) NOT NULL)
                """,
            ]
        },
        Migration(version: 2, summary: "a write-back cache per share") { _ in
            [
                // NULL: no cache.
                "ALTER TABLE shares ADD COLUMN cache_size BIGINT",
                "ALTER TABLE shares ADD COLUMN cache_remote_durable BIGINT NOT NULL DEFAULT 0",
            ]
        },
    ]

    /// The newest version this code knows.
    static var latest: Int { all.last?.version ?? 0 }
}
