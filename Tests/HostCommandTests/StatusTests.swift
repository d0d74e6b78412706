import ControlModels
import Foundation
import Testing
@testable import HostAdmin
#if canImport(Glibc)
import Glibc
#endif

@Suite struct StatusReports {
    let url = StatusProbe.readyURL(bind: "127.0.0.1", port: 8080)
    /// Our own process stands in for a running server.
    var running: ProcessInspector { ProcessInspector(expectedName: ProcessInspector().commandName(getpid()) ?? "?") }

    @Test func readyURLs() {
        #expect(StatusProbe.readyURL(bind: "127.0.0.1", port: 8080).absoluteString == "http://127.0.0.1:8080/health/ready")
        #expect(StatusProbe.readyURL(bind: "0.0.0.0", port: 1).absoluteString == "http://127.0.0.1:1/health/ready")
        #expect(StatusProbe.readyURL(bind: "::", port: 2).absoluteString == "http://[::1]:2/health/ready")
        #expect(StatusProbe.readyURL(bind: "fe80::1", port: 3).absoluteString == "http://[fe80::1]:3/health/ready")
        #expect(StatusProbe.readyURL(bind: "localhost", port: 4).absoluteString == "http://localhost:4/health/ready")
    }

    @Test func notRunningWithoutPidFile() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let r = StatusReport.make(pidFile: t.file("dfs.pid"), inspector: running, readyURL: url) { _ in
            Issue.record("asked the API of a server that is not running"); return .unreachable("")
        }
        #expect(r.state == "not running" && r.exitCode == 1 && r.detail == "no pid file" && r.pid == nil)
    }

    @Test func stalePidFileIsNotRunning() throws {
        let t = try TempDir(); defer { t.cleanup() }
        try PidFile.write(getpid(), to: t.file("dfs.pid"))
        let r = StatusReport.make(pidFile: t.file("dfs.pid"), inspector: ProcessInspector(expectedName: "dfs"), readyURL: url) { _ in .unreachable("") }
        #expect(r.exitCode == 1)
        #expect(r.detail?.hasPrefix("stale pid file: process \(getpid()) is") == true)
        #expect(PidFile.read(t.file("dfs.pid")) == .pid(getpid()))  // status only looks
    }

    @Test func readyNotReadyUnreachable() throws {
        let t = try TempDir(); defer { t.cleanup() }
        try PidFile.write(getpid(), to: t.file("dfs.pid"))
        let health = Health(status: "ok", version: "1.2.3", checks: ["database": "ok", "adapters": "ok"])
        let ready = StatusReport.make(pidFile: t.file("dfs.pid"), inspector: running, readyURL: url) { _ in .ready(health) }
        #expect(ready.exitCode == 0 && ready.state == "ready" && ready.version == "1.2.3" && ready.checks == health.checks)
        #expect(ready.pid == getpid())
        let table = ready.table()
        let rows = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.first == "State ready")
        #expect(rows.contains("Version 1.2.3") && rows.contains("check adapters ok") && rows.contains("check database ok"))
        #expect(try ready.json().contains("\"version\" : \"1.2.3\""))
        #expect(try ready.yaml().contains("version: 1.2.3"))

        let degraded = Health(status: "degraded", version: "1.2.3", checks: ["database": "unreachable"])
        let notReady = StatusReport.make(pidFile: t.file("dfs.pid"), inspector: running, readyURL: url) { _ in .notReady(httpStatus: 503, health: degraded) }
        #expect(notReady.exitCode == 2 && notReady.status == "degraded" && notReady.detail == "HTTP 503")

        let down = StatusReport.make(pidFile: t.file("dfs.pid"), inspector: running, readyURL: url) { _ in .unreachable("Connection refused") }
        #expect(down.exitCode == 2 && down.detail == "API unreachable: Connection refused")
    }
}

@Suite struct Probing {
    @Test func closedPortIsUnreachable() throws {
        let port = try StubHTTPServer.closedPort()
        let start = Date()
        let r = StatusProbe.fetch(StatusProbe.readyURL(bind: "127.0.0.1", port: port), timeout: 10)
        guard case .unreachable = r else { Issue.record("\(r)"); return }
        #expect(Date().timeIntervalSince(start) < 8)  // refused, not timed out
    }

    @Test func readyServer() throws {
        let body = #"{"status":"ok","version":"9.9","checks":{"database":"ok"}}"#
        let s = try StubHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        defer { s.stop() }
        let r = StatusProbe.fetch(StatusProbe.readyURL(bind: "127.0.0.1", port: s.port), timeout: 3)
        #expect(r == .ready(Health(status: "ok", version: "9.9", checks: ["database": "ok"])))
    }

    @Test func unavailableServer() throws {
        let body = #"{"status":"starting","version":"9.9"}"#
        let s = try StubHTTPServer(response: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        defer { s.stop() }
        let r = StatusProbe.fetch(StatusProbe.readyURL(bind: "127.0.0.1", port: s.port), timeout: 3)
        #expect(r == .notReady(httpStatus: 503, health: Health(status: "starting", version: "9.9")))
    }

    @Test func notJSONIsNotReady() throws {
        let s = try StubHTTPServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        defer { s.stop() }
        let r = StatusProbe.fetch(StatusProbe.readyURL(bind: "127.0.0.1", port: s.port), timeout: 3)
        #expect(r == .notReady(httpStatus: 200, health: nil))
    }

    @Test func silentServerTimesOut() throws {
        // Accepts (the backlog does) but never answers.
        let s = try StubHTTPServer(response: "")
        s.stop()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET); addr.sin_addr.s_addr = inet_addr("127.0.0.1"); addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 4)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        let start = Date()
        let r = StatusProbe.fetch(StatusProbe.readyURL(bind: "127.0.0.1", port: Int(UInt16(bigEndian: addr.sin_port))), timeout: 0.5)
        guard case .unreachable = r else { Issue.record("\(r)"); return }
        #expect(Date().timeIntervalSince(start) < 8)  // the 0.5 s timeout, not a hang
    }
}
