import Foundation
import HostPlugins
import HostServices
import ServerRuntime
import Testing

/// Live changes of the server: stores, shares and adapters added, changed
/// and removed while it runs, with the refusals a user can meet.
@Suite(.serialized) struct ServerRuntimeTests {
    static var pluginDir: String {
        ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."
    }

    /// A runtime over the build's plugins with a memory metadata store "m"
    /// and a memory payload store "p".
    static func runtime() throws -> ServerRuntime {
        let registry = PluginRegistry()
        for lib in ["libMetadataMemory.so", "libPayloadMemory.so", "libAdapterNFS.so"] {
            try registry.load(path: (pluginDir as NSString).appendingPathComponent(lib))
        }
        let rt = try ServerRuntime(registry: registry, workers: 2)
        try rt.openStore(StoreSpec(kind: .metadata, name: "m", type: "memory", config: "{}"))
        try rt.openStore(StoreSpec(kind: .payload, name: "p", type: "memory", config: "{}"))
        return rt
    }

    static func share(_ name: String = "/export", id: UInt64 = 7, readOnly: Bool = false) -> ShareSpec {
        ShareSpec(id: id, name: name, metadataStore: "m", payloadStore: "p", readOnly: readOnly, policy: SharePolicy())
    }

    @Test func storesOpenCloseAndRefusals() throws {
        let rt = try Self.runtime()
        defer { rt.shutdown() }
        #expect(rt.isStoreOpen(kind: .metadata, name: "m"))
        // unknown plugin names the ones available
        let unknown = #expect(throws: RuntimeError.self) {
            try rt.openStore(StoreSpec(kind: .metadata, name: "x", type: "nosuch", config: "{}"))
        }
        #expect(unknown?.kind == .notFound)
        #expect(unknown?.message.contains("memory") == true)
        // a configuration the plugin refuses carries the plugin's message
        let bad = #expect(throws: RuntimeError.self) {
            try rt.openStore(StoreSpec(kind: .payload, name: "q", type: "memory", config: "{\"bogus_key\":1}"))
        }
        #expect(bad?.kind == .rejected)
        #expect(bad?.message.contains("bogus_key") == true)
        #expect(!rt.isStoreOpen(kind: .payload, name: "q"))
        // duplicate name
        #expect(throws: RuntimeError(.conflict, "a metadata store named \"m\" is already open")) {
            try rt.openStore(StoreSpec(kind: .metadata, name: "m", type: "memory", config: "{}"))
        }
        // in use by a share, then free once the share is gone
        try rt.addShare(Self.share())
        let inUse = #expect(throws: RuntimeError.self) { try rt.closeStore(kind: .payload, name: "p") }
        #expect(inUse?.kind == .conflict)
        #expect(inUse?.message.contains("/export") == true)
        try rt.removeShare(name: "/export")
        try rt.closeStore(kind: .payload, name: "p")
        #expect(!rt.isStoreOpen(kind: .payload, name: "p"))
        #expect(throws: RuntimeError.self) { try rt.closeStore(kind: .payload, name: "p") }
    }

    @Test func sharesAddUpdateRemove() throws {
        let rt = try Self.runtime()
        defer { rt.shutdown() }
        try rt.addShare(Self.share())
        #expect(rt.fileSystem.share(named: "/export")?.id == 7)
        #expect(rt.rootHandle(share: "/export") != nil)
        // name and id clashes
        #expect(throws: RuntimeError.self) { try rt.addShare(Self.share(id: 8)) }
        #expect(throws: RuntimeError.self) { try rt.addShare(Self.share("/other", id: 7)) }
        // a store that is not open
        var s = Self.share("/third", id: 9)
        s.payloadStore = "absent"
        let missing = #expect(throws: RuntimeError.self) { try rt.addShare(s) }
        #expect(missing?.kind == .notFound)
        // read-only and policy changes apply live; the id and stores cannot change
        var ro = Self.share(readOnly: true)
        ro.policy = SharePolicy(squash: .all, defaultAccess: .read)
        try rt.updateShare(ro)
        #expect(rt.fileSystem.share(named: "/export")?.readOnly == true)
        #expect(rt.services.policy(forShare: 7).defaultAccess == .read)
        var moved = ro
        moved.id = 99
        #expect(throws: RuntimeError.self) { try rt.updateShare(moved) }
        // a malformed client rule is refused and the old policy stays
        var badRule = ro
        badRule.policy.allowedClients = ["10.0.0.0/99"]
        #expect(throws: RuntimeError.self) { try rt.updateShare(badRule) }
        #expect(rt.services.policy(forShare: 7).allowedClients.isEmpty)
        try rt.removeShare(name: "/export")
        #expect(rt.fileSystem.share(named: "/export") == nil)
        #expect(rt.servedShares.isEmpty)
    }

    @Test func adapterEnableDisableLive() throws {
        let rt = try Self.runtime()
        defer { rt.shutdown() }
        try rt.addShare(Self.share())
        let status = try rt.enableAdapter(type: "nfs", settings: #"{"port":0,"bind":"127.0.0.1"}"#)
        let port = try #require(Self.port(status))
        #expect(port > 0)
        #expect(Self.connects(port))
        guard case .running = rt.adapterState(type: "nfs") else { Issue.record("not running"); return }
        #expect(rt.runningAdapters == ["nfs"])
        // re-enable with other settings replaces the running instance
        let status2 = try rt.enableAdapter(type: "nfs", settings: #"{"port":0,"bind":"127.0.0.1"}"#)
        let port2 = try #require(Self.port(status2))
        #expect(Self.connects(port2))
        #expect(!Self.connects(port), "the old listener is closed")
        rt.disableAdapter(type: "nfs")
        #expect(rt.adapterState(type: "nfs") == .stopped)
        #expect(!Self.connects(port2), "a disabled adapter stops answering")
        rt.disableAdapter(type: "nfs")   // idempotent
    }

    @Test func adapterFailuresAreReported() throws {
        let rt = try Self.runtime()
        defer { rt.shutdown() }
        let unknown = #expect(throws: RuntimeError.self) { try rt.enableAdapter(type: "smb", settings: "{}") }
        #expect(unknown?.kind == .notFound)
        let bad = #expect(throws: RuntimeError.self) { try rt.enableAdapter(type: "nfs", settings: #"{"port":"x"}"#) }
        #expect(bad?.kind == .rejected)
        guard case .failed(let message) = rt.adapterState(type: "nfs") else { Issue.record("no failure state"); return }
        #expect(message.contains("port"))
        // address in use: take a port, then ask the adapter for it
        let first = try rt.enableAdapter(type: "nfs", settings: #"{"port":0,"bind":"127.0.0.1"}"#)
        let port = try #require(Self.port(first))
        let rt2 = try Self.runtime()
        defer { rt2.shutdown() }
        let busy = #expect(throws: RuntimeError.self) {
            try rt2.enableAdapter(type: "nfs", settings: "{\"port\":\(port),\"bind\":\"127.0.0.1\"}")
        }
        #expect(busy?.kind == .failed)
        #expect(rt2.adapterState(type: "nfs").summary.hasPrefix("error: "))
    }

    @Test func rescanFindsNewPlugins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-rescan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rt = try ServerRuntime(registry: PluginRegistry(), pluginDirectories: [dir], workers: 1)
        defer { rt.shutdown() }
        #expect(rt.rescanPlugins().added.isEmpty)
        try FileManager.default.copyItem(atPath: (Self.pluginDir as NSString).appendingPathComponent("libPayloadMemory.so"),
                                         toPath: dir + "/libPayloadMemory.so")
        try Data("not a library".utf8).write(to: URL(fileURLWithPath: dir + "/libjunk.so"))
        let r = rt.rescanPlugins()
        #expect(r.added == ["payload/memory"])
        #expect(r.rejected.count == 1)
        #expect(r.rejected.first?.contains("libjunk.so") == true)
        #expect(rt.rescanPlugins().added.isEmpty, "a second rescan loads nothing new")
    }

    @Test func shutdownClosesEverything() throws {
        let rt = try Self.runtime()
        try rt.addShare(Self.share())
        let status = try rt.enableAdapter(type: "nfs", settings: #"{"port":0,"bind":"127.0.0.1"}"#)
        let port = try #require(Self.port(status))
        rt.shutdown()
        #expect(!Self.connects(port))
        #expect(rt.servedShares.isEmpty)
        #expect(!rt.isStoreOpen(kind: .metadata, name: "m"))
        rt.shutdown()   // idempotent
    }

    static func port(_ status: String) -> Int? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any] else { return nil }
        return (o["port"] as? NSNumber)?.intValue
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    static func connects(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
