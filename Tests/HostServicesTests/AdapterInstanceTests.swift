import Foundation
import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// AdapterInstance over a C adapter plugin that calls back into the host
/// services. Serialised: the fixture counts destroys in a global.
@Suite(.serialized) struct AdapterInstanceTests {
    func plugin() throws -> LoadedPlugin {
        switch FixtureAdapter.plugin {
        case .success(let (p, _)): return p
        case .failure(let e): throw e
        }
    }

    @Test(arguments: StorePath.allCases)
    func lifecycle(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let destroyedBefore = FixtureAdapter.destroyedCount()
        do {
            let a = try AdapterInstance(plugin: plugin(), settings: #"{"port":1}"#, services: f.table)
            #expect(a.name == "fixture-adapter")
            let before = try a.status()
            #expect(before.contains(#""started":0"#))
            try a.start()
            try a.start()   // idempotent
            // the adapter resolved the share and got the root's attributes from C
            var status = try a.status()
            for _ in 0..<2000 where !status.contains(#""done_calls":1"#) {
                usleep(1000)
                status = try a.status()
            }
            #expect(status.contains(#""started":1"#))
            #expect(status.contains(#""resolve":0"#))
            #expect(status.contains(#""share_id":7"#))
            #expect(status.contains(#""getattr":0"#))
            #expect(status.contains(#""root_type":4"#))
            #expect(status.contains(#""done_calls":1"#))
            try a.stop(timeoutMs: 100)
            try a.stop(timeoutMs: 100)   // idempotent: the plugin sees one stop
            #expect(try a.status().contains(#""stops":1"#))
            #expect(throws: DFSError(.closed)) { try a.start() }
            #expect(throws: DFSError(.notSupported)) { try a.reconfigure(settings: "{}") }
        }
        #expect(FixtureAdapter.destroyedCount() == destroyedBefore + 1)
    }

    @Test func statusBufferGrowsOnRange() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let a = try AdapterInstance(plugin: plugin(), settings: #"{"big":true}"#, services: f.table)
        let s = try a.status()
        #expect(s.count > 10_000)
        #expect(s.hasPrefix("{") && s.hasSuffix("}"))
        #expect((try? JSONSerialization.jsonObject(with: Data(s.utf8))) != nil)
    }

    @Test func errorsCarryThePluginsMessage() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let p = try plugin()
        let bad = Result { () throws(DFSError) in try AdapterInstance(plugin: p, settings: #"{"bogus":1}"#, services: f.table) }
        #expect(bad.status == .inval)
        #expect(bad.message.contains("bogus"))
        let busy = try AdapterInstance(plugin: p, settings: #"{"busy":true}"#, services: f.table)
        let started = Result { () throws(DFSError) in try busy.start() }
        #expect(started.status == .busy)
        #expect(started.message.contains("address already in use"))
    }

    @Test func deinitStopsARunningAdapter() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let before = FixtureAdapter.destroyedCount()
        do {
            let a = try AdapterInstance(plugin: plugin(), settings: "{}", services: f.table)
            try a.start()
        }
        #expect(FixtureAdapter.destroyedCount() == before + 1)
    }

    @Test func refusesAStorePlugin() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        #expect(throws: DFSError(.inval)) {
            try AdapterInstance(plugin: TestPlugins.load("libMetadataMemory.so"), settings: "{}", services: f.table)
        }
    }
}

extension Result where Failure == DFSError {
    /// The failure's status (`.ok` on success).
    var status: DFSStatus {
        if case .failure(let e) = self { return e.status }
        return .ok
    }
    var message: String {
        if case .failure(let e) = self { return e.message }
        return ""
    }
}
