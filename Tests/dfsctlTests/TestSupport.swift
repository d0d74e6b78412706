import ControlModels
@testable import DFSCtlKit
import Foundation

/// A console with scripted input that records what was printed.
final class ScriptedConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]
    private var secrets: [String]
    private var stdout = ""
    private var stderr = ""
    let isInteractive: Bool
    private(set) var prompts: [String] = []

    init(lines: [String] = [], secrets: [String] = [], interactive: Bool = false) {
        self.lines = lines; self.secrets = secrets; self.isInteractive = interactive
    }
    func out(_ text: String) { lock.withLock { stdout += text } }
    func err(_ text: String) { lock.withLock { stderr += text } }
    func readLine() -> String? { lock.withLock { lines.isEmpty ? nil : lines.removeFirst() } }
    func readSecret(prompt: String) -> String? {
        lock.withLock { prompts.append(prompt); return secrets.isEmpty ? nil : secrets.removeFirst() }
    }
    var output: String { lock.withLock { stdout } }
    var errors: String { lock.withLock { stderr } }
}

/// A temporary directory removed at deinit.
final class TempDir {
    let path: String
    init() {
        var base = NSTemporaryDirectory()
        while base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/dfsctl-test.XXXXXX").utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The result of running a command line.
struct RunResult {
    var code: Int32
    var out: String
    var err: String
}

/// A stub server, a contexts file and a console for running commands.
final class Harness {
    let dir = TempDir()
    let server: StubServer
    var configPath: String { dir.path + "/cfg/config.json" }
    var store: ContextStore { ContextStore(path: configPath) }

    init(_ handler: @escaping @Sendable (StubServer.Request) -> StubServer.Reply) throws {
        server = try StubServer(handler: handler)
    }
    convenience init(routes: [String: StubServer.Reply]) throws {
        let r = Routes(table: routes)
        try self.init { r.handle($0) }
    }
    deinit { server.stop() }

    /// Saves a logged-in context "default" for the stub server.
    func loggedIn(access: String = "A1", refresh: String = "R1", username: String? = "admin") throws {
        try store.save(ContextsConfig(current: "default", contexts: [
            "default": Context(server: server.url, username: username, role: .admin, accessToken: access, refreshToken: refresh),
        ]))
    }

    func run(_ args: [String], console: ScriptedConsole = ScriptedConsole()) async -> RunResult {
        let env = CtlEnvironment(configPath: configPath, transport: URLSessionTransport(timeout: 10), console: console)
        let code = await CtlEnvironment.$current.withValue(env) { await DFSCtl.run(arguments: args) }
        return RunResult(code: code, out: console.output, err: console.errors)
    }
}

/// Sample documents.
enum Sample {
    static let tokens = #"{"accessToken":"A1","refreshToken":"R1","tokenType":"Bearer","expiresIn":900,"username":"admin","role":"admin"}"#
    static let tokens2 = #"{"accessToken":"A2","refreshToken":"R2","tokenType":"Bearer","expiresIn":900,"username":"admin","role":"admin"}"#
    static let alice = #"{"name":"alice","uid":1001,"gid":1001,"groups":["staff"],"role":"user"}"#
    static let share = #"{"name":"/export","metadataStore":"meta","payloadStore":"blocks","readOnly":false,"squash":"root","anonUid":65534,"anonGid":65534,"allowedClients":[],"requirePrivilegedPort":false,"defaultPermission":"read-write"}"#
    static let group = #"{"name":"staff","gid":100,"members":["alice"]}"#
    static let store = #"{"name":"meta","kind":"metadata","type":"badgerlike","config":{"path":"/srv/m"},"status":"open","usedBy":["/export"]}"#
    static let adapter = #"{"type":"nfs","enabled":true,"port":12049,"bind":"0.0.0.0","settings":{},"status":"running"}"#
}
