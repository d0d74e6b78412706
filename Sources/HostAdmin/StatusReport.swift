import ControlModels
import Foundation
import Yams

/// What `dfs status` prints, in table, JSON or YAML, and its exit code:
/// 0 running and ready, 1 not running, 2 running but not ready.
public struct StatusReport: Codable, Equatable, Sendable {
    /// "ready", "not ready" or "not running".
    public var state: String
    public var pid: Int32?
    public var pidFile: String
    /// Why it is not running or not ready (stale pid file, API unreachable, HTTP 503).
    public var detail: String?
    public var api: String
    public var version: String?
    /// The server's own status word ("ok", "starting", "degraded").
    public var status: String?
    public var checks: [String: String]?

    public var exitCode: Int32 {
        switch state {
        case "ready": return 0
        case "not running": return 1
        default: return 2
        }
    }

    /// Builds the report: first the process, then (only when alive) the API.
    public static func make(pidFile: String, inspector: ProcessInspector, readyURL: URL,
                            fetch: (URL) -> StatusProbe.Readiness) -> StatusReport {
        var r = StatusReport(state: "not running", pid: nil, pidFile: pidFile, api: readyURL.absoluteString)
        switch PidFile.read(pidFile) {
        case .absent:
            r.detail = "no pid file"
            return r
        case .garbage(let text):
            r.detail = "pid file holds \"\(text)\", not a pid"
            return r
        case .pid(let pid):
            r.pid = pid
            switch inspector.state(of: pid) {
            case .gone: r.detail = "stale pid file: no process \(pid)"; return r
            case .other(let name): r.detail = "stale pid file: process \(pid) is \"\(name)\", not \(inspector.expectedName)"; return r
            case .server: break
            }
        }
        switch fetch(readyURL) {
        case .ready(let h):
            r.state = "ready"; r.version = h.version; r.status = h.status; r.checks = h.checks
        case .notReady(let code, let h):
            r.state = "not ready"; r.detail = "HTTP \(code)"
            r.version = h?.version; r.status = h?.status; r.checks = h?.checks
        case .unreachable(let why):
            r.state = "not ready"; r.detail = "API unreachable: \(why)"
        }
        return r
    }

    public init(state: String, pid: Int32?, pidFile: String, detail: String? = nil, api: String,
                version: String? = nil, status: String? = nil, checks: [String: String]? = nil) {
        self.state = state; self.pid = pid; self.pidFile = pidFile; self.detail = detail; self.api = api
        self.version = version; self.status = status; self.checks = checks
    }

    /// Two aligned columns, checks indented below.
    public func table() -> String {
        var rows: [(String, String)] = [("State", state)]
        if let pid { rows.append(("PID", String(pid))) }
        rows.append(("Pid file", pidFile))
        if let detail { rows.append(("Detail", detail)) }
        rows.append(("API", api))
        if let version { rows.append(("Version", version)) }
        if let status { rows.append(("Status", status)) }
        for (k, v) in (checks ?? [:]).sorted(by: { $0.key < $1.key }) { rows.append(("  check \(k)", v)) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    public func json() throws -> String { try Output.json(self) }
    public func yaml() throws -> String { try Output.yaml(self) }
}

/// JSON and YAML rendering shared by the commands.
public enum Output {
    /// Pretty, sorted-key JSON.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// YAML through Yams' encoder.
    public static func yaml<T: Encodable>(_ value: T) throws -> String {
        try YAMLEncoder().encode(value)
    }
}
