import ControlAPI
import ControlModels
import ControlStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HostPlugins
import Testing

/// A real `ControlServer` (SQLite in a temp directory, memory stores, the
/// NFS adapter plugin) serving its API on a free loopback port, and a small
/// HTTP client for the tests.
final class Harness: @unchecked Sendable {
    static let adminPassword = "admin-password-1"
    static var pluginDir: String {
        ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."
    }

    let dir: String
    var server: ControlServer!
    var port = 0
    var metricsPort = 0
    var task: Task<Void, any Error>?
    var adminToken = ""

    init(dir: String? = nil) {
        self.dir = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("dfs-api-\(UUID().uuidString)").path
    }

    static func registry() throws -> PluginRegistry {
        let r = PluginRegistry()
        for lib in ["libMetadataMemory.so", "libPayloadMemory.so", "libAdapterNFS.so"] {
            try r.load(path: (pluginDir as NSString).appendingPathComponent(lib))
        }
        return r
    }

    var options: ControlServer.Options {
        var o = ControlServer.Options(dataDirectory: dir, database: .sqlite(path: dir + "/control.db"), keyFile: dir + "/control.key")
        o.bcryptCost = 4
        o.apiPort = 0
        o.workers = 2
        o.metrics = .init(host: "127.0.0.1", port: 0)
        var first = FirstRunDefaults(adminPassword: Self.adminPassword)
        first.metadataType = "memory"
        first.payloadType = "memory"
        first.nfsPort = 0
        first.nfsBind = "127.0.0.1"
        o.firstRun = first
        return o
    }

    /// Start (or restart) the server and log in as admin.
    @discardableResult
    func start() async throws -> Harness {
        server = try await ControlServer.open(options, registry: try Self.registry())
        let ready = AsyncStream<ControlServer.Ports>.makeStream()
        let server = self.server!
        task = Task { try await server.run(onReady: { ready.continuation.yield($0) }) }
        for await p in ready.stream { port = p.api; metricsPort = p.metrics ?? 0; break }
        adminToken = try await login("admin", Self.adminPassword)
        return self
    }

    func stop() async {
        await server?.stop()
        _ = try? await task?.value
        task = nil
    }

    func finish() async {
        await stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    struct Reply {
        let status: Int
        let body: Data
        let headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        func decode<T: Decodable>(_: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }
        var problem: Problem? { try? decode(Problem.self) }
        var contentType: String { headers["content-type"] ?? "" }
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: (any Encodable)? = nil,
                 raw: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        let url = path.hasPrefix("http") ? path : "http://127.0.0.1:\(port)\(path)"
        var r = URLRequest(url: URL(string: url)!)
        r.httpMethod = method
        if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            r.httpBody = try JSONEncoder().encode(json)
            r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            r.httpBody = Data(raw.utf8)
            r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: r)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, body: data, headers: h)
    }

    /// As admin.
    func admin(_ method: String, _ path: String, json: (any Encodable)? = nil) async throws -> Reply {
        try await request(method, path, token: adminToken, json: json)
    }

    func login(_ user: String, _ password: String) async throws -> String {
        let r = try await request("POST", "/api/v1/auth/login", json: LoginRequest(username: user, password: password))
        guard r.status == 200 else { throw Failure("login \(user): HTTP \(r.status) \(r.text)") }
        return try r.decode(TokenPair.self).accessToken
    }

    struct Failure: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }
}

func seg(_ s: String) -> String { APIPath.segment(s) }

/// Run `body` against a started server; always stops it and removes its files.
func withServer(_ body: (Harness) async throws -> Void) async throws {
    let h = try await Harness().start()
    do {
        try await body(h)
    } catch {
        await h.finish()
        throw error
    }
    await h.finish()
}
