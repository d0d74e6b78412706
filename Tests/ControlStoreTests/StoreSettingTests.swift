import ControlModels
import Foundation
import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct StoreTests {
    @Test(arguments: Backend.enabled)
    func storesAndInUse(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        let cfg = #"{"dsn":"host=db password=secret","schema":"x"}"#
        #expect(try db.addStore(kind: .metadata, name: "pg", type: "postgres", config: cfg) == StoreRecord(kind: .metadata, name: "pg", type: "postgres", config: cfg))
        _ = try db.addStore(kind: .metadata, name: "mem", type: "memory", config: "{}")
        // One name may be used once per kind.
        _ = try db.addStore(kind: .payload, name: "pg", type: "fs", config: #"{"path":"/d"}"#)
        expectError(.alreadyExists) { try db.addStore(kind: .metadata, name: "pg", type: "memory", config: "{}") }
        expectError(.invalid) { try db.addStore(kind: .metadata, name: "bad name", type: "memory", config: "{}") }
        expectError(.invalid) { try db.addStore(kind: .metadata, name: "x", type: "", config: "{}") }
        expectError(.invalid) { try db.addStore(kind: .metadata, name: "x", type: "memory", config: "[1]") }
        expectError(.invalid) { try db.addStore(kind: .metadata, name: "x", type: "memory", config: "{not json") }

        #expect(try db.store(kind: .metadata, name: "pg").config == cfg)
        #expect(try db.store(kind: .payload, name: "pg").type == "fs")
        expectError(.notFound) { try db.store(kind: .payload, name: "mem") }
        #expect(try db.listStores(kind: .metadata).map(\.name) == ["mem", "pg"])
        #expect(try db.listStores(kind: nil).map { "\($0.kind.rawValue)/\($0.name)" } == ["metadata/mem", "metadata/pg", "payload/pg"])

        _ = try db.createShare(ShareCreate(name: "/a", metadataStore: "pg", payloadStore: "pg"))
        _ = try db.createShare(ShareCreate(name: "/b", metadataStore: "pg", payloadStore: "pg"))
        #expect(try db.store(kind: .metadata, name: "pg").usedBy == ["/a", "/b"])
        var m = expectError(.inUse) { try db.removeStore(kind: .metadata, name: "pg") }
        #expect(m.contains("\"/a\"") && m.contains("\"/b\""))
        try db.deleteShare(named: "/a")
        m = expectError(.inUse) { try db.removeStore(kind: .payload, name: "pg") }
        #expect(m.contains("in use by share \"/b\""))
        try db.deleteShare(named: "/b")
        try db.removeStore(kind: .metadata, name: "pg")
        try db.removeStore(kind: .payload, name: "pg")
        expectError(.notFound) { try db.removeStore(kind: .payload, name: "pg") }
        #expect(try db.listStores(kind: nil).map(\.name) == ["mem"])
    }
}

@Suite(.timeLimit(.minutes(3))) struct SettingTests {
    @Test(arguments: Backend.enabled)
    func adapters(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        expectError(.notFound) { try db.adapter(type: "nfs") }
        let nfs = AdapterRecord(type: "nfs", enabled: true, port: 12049, bind: "0.0.0.0", settings: .object(["threads": .int(4)]))
        try db.upsertAdapter(nfs)
        #expect(try db.adapter(type: "nfs") == nfs)
        let changed = AdapterRecord(type: "nfs", enabled: false, port: 2049, bind: "127.0.0.1")
        try db.upsertAdapter(changed)
        #expect(try db.adapter(type: "nfs") == changed)
        try db.upsertAdapter(AdapterRecord(type: "smb", enabled: false, port: 445, bind: "::"))
        #expect(try db.listAdapters().map(\.type) == ["nfs", "smb"])
        #expect(try db.adapter(type: "nfs").model(status: "stopped").status == "stopped")
        expectError(.invalid) { try db.upsertAdapter(AdapterRecord(type: "nfs", enabled: true, port: 70000, bind: "0.0.0.0")) }
        expectError(.invalid) { try db.upsertAdapter(AdapterRecord(type: "nfs", enabled: true, port: 1, bind: "")) }
        expectError(.invalid) { try db.upsertAdapter(AdapterRecord(type: "n f s", enabled: true, port: 1, bind: "x")) }
        expectError(.invalid) { try db.upsertAdapter(AdapterRecord(type: "nfs", enabled: true, port: 1, bind: "x", settings: .array([]))) }
        #expect(try db.adapter(type: "nfs") == changed)
    }

    @Test(arguments: Backend.enabled)
    func settingsAndSecrets(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        #expect(try db.setting("log.level") == nil)
        try db.setSetting("log.level", value: "info")
        try db.setSetting("log.level", value: "debug")
        try db.setSetting("api.port", value: "8080")
        #expect(try db.setting("log.level") == "debug")
        #expect(try db.listSettings() == [Setting(key: "api.port", value: "8080"), Setting(key: "log.level", value: "debug")])
        expectError(.invalid) { try db.setSetting("bad key", value: "x") }
        expectError(.invalid) { try db.setSetting("k", value: "a\u{0}b") }

        #expect(try db.secret(named: "jwt-signing-key") == nil)
        let secret = (0..<64).map { UInt8($0 * 3 & 0xff) }
        try db.setSecret(named: "jwt-signing-key", secret)
        #expect(try db.secret(named: "jwt-signing-key") == secret)
        try db.setSecret(named: "jwt-signing-key", [1, 2, 3])
        #expect(try db.secret(named: "jwt-signing-key") == [1, 2, 3])
        expectError(.invalid) { try db.setSecret(named: "_keycheck", [1]) }
        expectError(.invalid) { try db.setSecret(named: "a b", [1]) }
        // Secrets are not settings, and are sealed at rest.
        #expect(try db.listSettings().map(\.key) == ["api.port", "log.level"])
        try db.setSecret(named: "plain-check", secret)
        let stored = try db.raw("SELECT sealed FROM secrets WHERE name = 'plain-check'")[0].blob(0)
        #expect(stored.count == secret.count + 28 && !contains(stored, Array(secret[0..<16])))
    }
}
