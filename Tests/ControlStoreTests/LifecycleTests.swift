import ControlModels
import Foundation
import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct LifecycleTests {
    @Test(arguments: Backend.enabled)
    func migrationsAndReopen(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        var db = try f.open()
        #expect(db.schemaVersion == Migrations.latest)
        #expect(try db.raw("SELECT version FROM schema_version ORDER BY version").map { Int($0.int(0)) } == Migrations.all.map(\.version))
        _ = try db.addStore(kind: .metadata, name: "m", type: "memory", config: "{}")
        _ = try db.addStore(kind: .payload, name: "p", type: "memory", config: "{}")
        let share = try db.createShare(ShareCreate(name: "/export", metadataStore: "m", payloadStore: "p"))
        _ = try db.createUser(UserCreate(name: "ann", password: "password1", email: "ann@example.com"))
        _ = try db.createGroup(GroupCreate(name: "staff"))
        _ = try db.addMember(group: "staff", user: "ann")
        try db.grant(share: "/export", Permission(kind: .group, principal: "staff", level: .admin))
        try db.upsertAdapter(AdapterRecord(type: "nfs", enabled: true, port: 12049, bind: "127.0.0.1"))
        try db.setSetting("k", value: "v")
        try db.setSecret(named: "s", [9, 9])
        db.close()
        expectError(.backend) { try db.listUsers() }

        // Reopen: migrations do nothing, everything is still there.
        db = try f.open()
        #expect(db.schemaVersion == Migrations.latest)
        #expect(try db.raw("SELECT COUNT(*) FROM schema_version")[0].int(0) == Int64(Migrations.all.count))
        #expect(try db.share(named: "/export") == share)
        #expect(try db.user(named: "ann").groups == ["staff"])
        #expect(try db.verifyPassword(name: "ann", password: "password1") != nil)
        #expect(try db.ntHash(user: "ann") == NTHash.of(password: "password1"))
        #expect(try db.effectiveLevel(share: "/export", user: "ann") == .admin)
        #expect(try db.adapter(type: "nfs").port == 12049)
        #expect(try db.setting("k") == "v")
        #expect(try db.secret(named: "s") == [9, 9])
        // The next share id continues after the old one.
        #expect(try db.createShare(ShareCreate(name: "/two", metadataStore: "m", payloadStore: "p")).id > share.id)

        // A database written by newer code is refused, with a clear message.
        _ = try db.raw("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", [.int(Int64(Migrations.latest + 1)), .text("later")])
        db.close()
        do {
            _ = try f.open()
            Issue.record("a newer schema was accepted")
        } catch let e as ControlStoreError {
            #expect(e.kind == .invalid)
            #expect(e.message.contains("schema version \(Migrations.latest + 1)") && e.message.contains("newer"))
        }
    }

    /// A database made by the first release (schema 1, shares without a
    /// cache) is upgraded in place: its shares keep everything and have no
    /// cache; new shares can have one.
    @Test(arguments: Backend.enabled)
    func upgradeFromSchema1(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        var db = try f.open()
        _ = try db.addStore(kind: .metadata, name: "m", type: "memory", config: "{}")
        _ = try db.addStore(kind: .payload, name: "p", type: "memory", config: "{}")
        let old = try db.createShare(ShareCreate(name: "/old", metadataStore: "m", payloadStore: "p", readOnly: true))
        // Back to what schema 1 looked like.
        _ = try db.raw("ALTER TABLE shares DROP COLUMN cache_size")
        _ = try db.raw("ALTER TABLE shares DROP COLUMN cache_remote_durable")
        _ = try db.raw("DELETE FROM schema_version WHERE version >= 2")
        db.close()

        db = try f.open()
        #expect(db.schemaVersion == Migrations.latest)
        let upgraded = try db.share(named: "/old")
        #expect(upgraded == old && upgraded.share.cache == nil && upgraded.share.readOnly)
        let cached = try db.createShare(ShareCreate(name: "/new", metadataStore: "m", payloadStore: "p",
                                                    cache: ShareCache(sizeBytes: 1 << 30, remoteDurable: true)))
        #expect(cached.share.cache == ShareCache(sizeBytes: 1 << 30, remoteDurable: true))
        #expect(cached.id > old.id)
    }

    /// Two opens at once (two hosts starting together) both succeed and
    /// apply each migration once.
    @Test(arguments: Backend.enabled)
    func concurrentFirstOpen(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let results = ConcurrentResults<Int>()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            results.add(Result { let db = try f.open(); defer { db.close() }; return db.schemaVersion })
        }
        for r in results.all { #expect(try r.get() == Migrations.latest) }
        let db = try f.open()
        #expect(try db.raw("SELECT COUNT(*) FROM schema_version")[0].int(0) == Int64(Migrations.all.count))
    }

    @Test(arguments: Backend.enabled)
    func keyFile(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        _ = try db.createUser(UserCreate(name: "ann", password: "password1"))
        db.close()
        let attrs = try FileManager.default.attributesOfItem(atPath: f.keyFile)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attrs[.size] as? NSNumber)?.intValue == 32)
        if backend == .sqlite {
            // The database and its WAL files: owner only.
            let db2 = try f.open()
            _ = try db2.createGroup(GroupCreate(name: "staff"))
            for file in [f.sqlitePath, f.sqlitePath + "-wal", f.sqlitePath + "-shm"] {
                let a = try FileManager.default.attributesOfItem(atPath: file)
                #expect((a[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
            }
            db2.close()
        }

        // Another key does not open this database.
        var m = expectError(.invalid) { try f.open(keyFile: f.dir + "/other.key") }
        #expect(m.contains("does not match"))
        // A key file others may read is refused.
        chmod(f.keyFile, 0o644)
        m = expectError(.invalid) { try f.open() }
        #expect(m.contains("chmod 600"))
        chmod(f.keyFile, 0o600)
        // A key file of the wrong size is refused.
        let short = f.dir + "/short.key"
        _ = FileManager.default.createFile(atPath: short, contents: Data([1, 2, 3]), attributes: [.posixPermissions: 0o600])
        m = expectError(.invalid) { try f.open(keyFile: short) }
        #expect(m.contains("32-byte"))
        // The right key still works.
        #expect(try f.open().ntHash(user: "ann") == NTHash.of(password: "password1"))
    }

    @Test(arguments: Backend.enabled)
    func badOptions(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        expectError(.invalid) { try f.open(cost: 3) }
        expectError(.invalid) { try f.open(cost: 32) }
        expectError(.invalid) { try f.open(keyFile: "") }
    }

    @Test func badLocations() throws {
        let dir = NSTemporaryDirectory() + "/dfs-control-missing-\(UUID().uuidString)"
        let opts = ControlDatabaseOptions(keyFile: NSTemporaryDirectory() + "/dfs-\(UUID().uuidString).key", bcryptCost: 4)
        defer { try? FileManager.default.removeItem(atPath: opts.keyFile) }
        var m = expectError(.backend) { try ControlDatabaseConfig.sqlite(path: dir + "/control.db").open(options: opts) }
        #expect(m.contains(dir))
        expectError(.invalid) { try ControlDatabaseConfig.sqlite(path: "").open(options: opts) }
        // Nothing listens on port 1: a clear connection error, no hang.
        m = expectError(.backend) { try ControlDatabaseConfig.postgres(dsn: "host=127.0.0.1 port=1 dbname=x connect_timeout=2").open(options: opts) }
        #expect(m.contains("cannot connect"))
        expectError(.invalid) { try ControlDatabaseConfig.postgres(dsn: "host=127.0.0.1 port=1", schema: "Bad-Schema").open(options: opts) }
    }

    @Test(arguments: Backend.enabled)
    func concurrentUserCreation(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        let results = ConcurrentResults<User>()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<5 {
                results.add(Result { try db.createUser(UserCreate(name: "u\(t)_\(i)", password: "password\(i)x")) })
            }
        }
        let users = try results.all.map { try $0.get() }
        #expect(users.count == 40)
        #expect(Set(users.map(\.uid)) == Set((1000..<1040).map(UInt32.init)))
        #expect(try db.listUsers().count == 40)
        // Readers and writers together.
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in 0..<5 {
                _ = try? db.createGroup(GroupCreate(name: "g\(t)_\(i)"))
                #expect((try? db.listGroups()) != nil)
            }
        }
        #expect(Set(try db.listGroups().map(\.gid)).count == 20)
    }
}

/// Collects results from several threads.
final class ConcurrentResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<T, any Error>] = []
    func add(_ r: Result<T, any Error>) { lock.lock(); items.append(r); lock.unlock() }
    var all: [Result<T, any Error>] { lock.lock(); defer { lock.unlock() }; return items }
}
