import Foundation
import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct InternalsTests {
    @Test func firstFreeID() throws {
        #expect(try SQLControlDatabase.firstFreeID([]) == 1000)
        #expect(try SQLControlDatabase.firstFreeID([1000, 1001, 1003]) == 1002)
        #expect(try SQLControlDatabase.firstFreeID([1001]) == 1000)
        #expect(try SQLControlDatabase.firstFreeID(Array(1000...65533)) == 65535) // 65534 (nobody) is skipped
        #expect(try SQLControlDatabase.firstFreeID(Array(1000...65533) + [65534]) == 65535)
    }

    @Test func placeholders() {
        #expect(PostgresBackend.render("SELECT a FROM t WHERE x = ? AND y IN (?, ?)") == "SELECT a FROM t WHERE x = $1 AND y IN ($2, $3)")
        #expect(PostgresBackend.render("SELECT 1") == "SELECT 1")
    }

    @Test func byteaHex() {
        #expect(PGConnection.unhex("\\x00ff10Ab") == [0x00, 0xff, 0x10, 0xab])
        #expect(PGConnection.unhex("\\x") == [])
    }

    /// Two database objects on one database (two hosts): writes from both
    /// are serialized, so ids stay unique.
    @Test(arguments: Backend.enabled)
    func twoHostsOneDatabase(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let hosts = [try f.open(), try f.open()]
        let results = ConcurrentResults<UInt32>()
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in 0..<6 {
                results.add(Result { try hosts[t % 2].createGroup(.init(name: "g\(t)_\(i)")).gid })
            }
        }
        let gids = try results.all.map { try $0.get() }
        #expect(Set(gids) == Set((1000..<1024).map(UInt32.init)))
        #expect(try hosts[0].listGroups() == hosts[1].listGroups())
    }

    /// A pooled connection the server killed is replaced on next use.
    @Test(.enabled(if: Backend.enabled.contains(.postgres), "set DFS_TEST_PG_DSN (Tests/Integration/postgres.sh)"))
    func postgresReconnects() throws {
        let f = try Fixture(.postgres)
        defer { f.cleanup() }
        let db = try f.open(), killer = try f.open()
        _ = try db.createGroup(.init(name: "before"))
        // The pool is LIFO: the connection that answered is the next one used.
        let pid = try db.raw("SELECT pg_backend_pid()")[0].int(0)
        #expect(try killer.raw("SELECT pg_terminate_backend(?)", [.int(pid)])[0].bool(0))
        // pg_terminate_backend only signals; wait until the backend has exited
        // (a loaded machine takes longer than any fixed pause).
        let deadline = Date(timeIntervalSinceNow: 20)
        while try killer.raw("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", [.int(pid)])[0].int(0) != 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(try db.raw("SELECT pg_backend_pid()")[0].int(0) != pid)
        #expect(try db.listGroups().map(\.name) == ["before"])
    }

    /// Several processes creating one missing key file agree on one key.
    @Test func keyFileCreationRace() throws {
        let dir = NSTemporaryDirectory() + "/dfs-key-race-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/control.key"
        let results = ConcurrentResults<[UInt8]>()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.add(Result { try Sealer.loadOrCreateKey(path: path).withUnsafeBytes { Array($0) } })
        }
        let keys = try results.all.map { try $0.get() }
        #expect(keys.count == 8 && Set(keys).count == 1 && keys[0].count == 32)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["control.key"])
    }
}
