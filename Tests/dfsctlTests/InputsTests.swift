import ControlModels
@testable import DFSCtlKit
import Foundation
import Testing

/// Parsing of what users type: server URLs, JSON configurations, settings.
@Suite struct InputsTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"), ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://dfs.example.org/", "https://dfs.example.org"), (" localhost:1 ", "http://localhost:1"),
        ("http://[::1]:8080", "http://[::1]:8080"), ("http://h:1/prefix//", "http://h:1/prefix"),
    ])
    func serverURLs(_ typed: String, _ expected: String) throws {
        #expect(try Inputs.serverURL(typed) == expected)
    }

    @Test(arguments: ["ftp://h:1", "http://", "", "http://a b:1", "://x"])
    func badServerURLs(_ typed: String) {
        #expect(throws: CtlError(.usage, "invalid server URL \"\(typed)\": expected http://HOST:PORT")) { try Inputs.serverURL(typed) }
    }

    @Test func settings() throws {
        #expect(try Inputs.settings([]) == nil)
        #expect(try Inputs.settings(["a=1", "b=true", "c=text", "d=\"7\"", "e=", "f={\"x\":[1]}", "g=a=b"]) == .object([
            "a": .int(1), "b": .bool(true), "c": .string("text"), "d": .string("7"), "e": .string(""),
            "f": .object(["x": .array([.int(1)])]), "g": .string("a=b"),
        ]))
        #expect(throws: CtlError(.usage, "--setting novalue: expected KEY=VALUE")) { try Inputs.settings(["novalue"]) }
    }

    @Test func jsonConfig() throws {
        #expect(try Inputs.jsonConfig(text: nil, file: nil) == nil)
        #expect(try Inputs.jsonConfig(text: #"{"path":"/x","n":2}"#, file: nil) == .object(["path": .string("/x"), "n": .int(2)]))
        #expect(throws: CtlError(.usage, "give --config or --config-file, not both")) { try Inputs.jsonConfig(text: "{}", file: "f") }
        let d = TempDir()
        #expect(throws: CtlError(.usage, "cannot read --config-file \(d.path): Is a directory")) { try Inputs.jsonConfig(text: nil, file: d.path) }
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: d.path + "/bin"))
        #expect(throws: CtlError(.usage, "\(d.path)/bin is not valid JSON")) { try Inputs.jsonConfig(text: nil, file: d.path + "/bin") }
    }
}

/// Requests as built, without a network.
@Suite struct RequestBuildingTests {
    @Test func headersAndURL() async throws {
        let c = APIClient(server: "http://h:1/base/", transport: URLSessionTransport(), credentials: Credentials(accessToken: "tok", refreshToken: "r"))
        let r = try await c.buildRequest("PATCH", "/api/v1/users/a%20b", body: Data("{}".utf8), authenticated: true)
        #expect(r.url.absoluteString == "http://h:1/base/api/v1/users/a%20b")
        #expect(r.method == "PATCH")
        #expect(r.headers["Authorization"] == "Bearer tok")
        #expect(r.headers["Content-Type"] == "application/json")
        let anon = try await c.buildRequest("GET", "/health", body: nil, authenticated: false)
        #expect(anon.headers["Authorization"] == nil && anon.headers["Content-Type"] == nil)
    }
}

/// A server that accepts connections but never answers.
@Suite struct TimeoutTests {
    @Test func silentServerTimesOut() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(listen(fd, 4) == 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let url = "http://127.0.0.1:\(UInt16(bigEndian: addr.sin_port))"
        let c = APIClient(server: url, transport: URLSessionTransport(timeout: 1), credentials: Credentials(accessToken: "a", refreshToken: "r"))
        let start = Date()
        await #expect(throws: CtlError(.connection, "cannot reach the server at \(url): timed out")) { try await c.status() }
        // The 1 s timeout, not the 30 s default nor a hang. The bound is loose:
        // sync tests running alongside block the test's cooperative threads,
        // which delays its resumption (12.3 s seen on a loaded machine).
        #expect(Date().timeIntervalSince(start) < 25)
    }
}
