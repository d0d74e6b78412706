import ControlModels
@testable import DFSCtlKit
import Foundation
import Testing

/// APIClient over URLSession against the stub server.
@Suite struct APIClientTests {
    func client(_ server: StubServer, creds: Credentials? = Credentials(accessToken: "A1", refreshToken: "R1"),
                onRefresh: @escaping @Sendable (TokenPair) throws -> Void = { _ in }) -> APIClient {
        APIClient(server: server.url + "/", transport: URLSessionTransport(timeout: 10), credentials: creds, onRefresh: onRefresh)
    }

    @Test func getSendsBearerAndDecodes() async throws {
        let s = try StubServer { _ in .json(200, "[\(Sample.alice)]") }
        defer { s.stop() }
        let users = try await client(s).listUsers()
        #expect(users == [User(name: "alice", uid: 1001, gid: 1001, groups: ["staff"], role: .user)])
        let r = try #require(s.requests.first)
        #expect(r.method == "GET")
        #expect(r.path == "/api/v1/users")
        #expect(r.headers["authorization"] == "Bearer A1")
        #expect(r.body.isEmpty)
    }

    @Test func namesArePercentEncodedAsOneSegment() async throws {
        let s = try StubServer { r in
            r.path.hasPrefix("/api/v1/shares/") && r.method == "GET" ? .json(200, Sample.share) : .noContent
        }
        defer { s.stop() }
        let c = client(s)
        _ = try await c.getShare("/export")
        try await c.revoke(share: "/data/a b", kind: .group, principal: "dev ops")
        try await c.deleteStore(.payload, "blk?x#y")
        try await c.deleteUser("jürgen%")
        #expect(s.requests.map(\.path) == [
            "/api/v1/shares/%2Fexport",
            "/api/v1/shares/%2Fdata%2Fa%20b/permissions/group/dev%20ops",
            "/api/v1/stores/payload/blk%3Fx%23y",
            "/api/v1/users/j%C3%BCrgen%25",
        ])
        #expect(s.requests.map(\.method) == ["GET", "DELETE", "DELETE", "DELETE"])
    }

    @Test(arguments: ["", ".", ".."])
    func dotNamesAreRefused(_ name: String) async throws {
        // "/api/v1/groups/.." would reach "/api/v1/": refused before sending.
        let s = try StubServer { _ in .noContent }
        defer { s.stop() }
        let c = client(s)
        let e = CtlError(.usage, "invalid name \"\(name)\": empty, \".\" and \"..\" cannot be named in a URL")
        await #expect(throws: e) { try await c.deleteGroup(name) }
        await #expect(throws: e) { try await c.revoke(share: "/x", kind: .user, principal: name) }
        await #expect(throws: e) { try await c.getShare(name) }
        #expect(s.requests.isEmpty)
        #expect(try APIClient.seg("...") == "...")
    }

    @Test func jsonBodyIsTheContractDocument() async throws {
        let s = try StubServer { _ in .json(201, Sample.share) }
        defer { s.stop() }
        let made = try await client(s).createShare(ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "blocks",
                                                               squash: .all, allowedClients: ["10.0.0.0/8"], defaultPermission: .read))
        // A share document of a server without the later properties (cache, root owner and mode) reads with their defaults.
        #expect(made.cache == nil && made.rootUid == 0 && made.rootGid == 0 && made.rootMode == 0o755)
        let r = try #require(s.requests.first)
        #expect(r.method == "POST" && r.path == "/api/v1/shares")
        #expect(r.headers["content-type"] == "application/json")
        let sent = try JSONDecoder().decode(ShareCreate.self, from: r.body)
        #expect(sent == ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "blocks", squash: .all,
                                    allowedClients: ["10.0.0.0/8"], defaultPermission: .read))
        // Unset options are absent (not null), and keys are camelCase.
        let keys = Set((r.json ?? [:]).keys)
        #expect(keys == ["name", "metadataStore", "payloadStore", "squash", "allowedClients", "defaultPermission"])
    }

    @Test func expiredTokenIsRefreshedOnceAndRetried() async throws {
        let s = try StubServer { r in
            switch (r.method, r.path, r.headers["authorization"]) {
            case ("POST", "/api/v1/auth/refresh", nil): .json(200, Sample.tokens2)
            case ("GET", "/api/v1/status", "Bearer A2"):
                .json(200, #"{"version":"0.1.0","pid":7,"uptimeSeconds":3.5,"dataDirectory":"/d","database":"sqlite","shares":1,"adapters":[]}"#)
            default: .problem(401, title: "Unauthorized", detail: "token expired")
            }
        }
        defer { s.stop() }
        let saved = Saved()
        let c = client(s) { saved.set($0) }
        let st = try await c.status()
        #expect(st.pid == 7)
        #expect(s.requests.map { "\($0.method) \($0.path)" } == ["GET /api/v1/status", "POST /api/v1/auth/refresh", "GET /api/v1/status"])
        let refreshBody = try JSONDecoder().decode(RefreshRequest.self, from: s.requests[1].body)
        #expect(refreshBody == RefreshRequest(refreshToken: "R1"))
        #expect(saved.get()?.accessToken == "A2")
        #expect(await c.currentCredentials == Credentials(accessToken: "A2", refreshToken: "R2"))
    }

    @Test func refreshIsTriedOnlyOnce() async throws {
        // The refresh works but the server still says 401: no loop.
        let s = try StubServer { r in
            r.path == "/api/v1/auth/refresh" ? .json(200, Sample.tokens2) : .problem(401, title: "Unauthorized", detail: "bad token")
        }
        defer { s.stop() }
        await #expect(throws: CtlError(.auth, "Unauthorized: bad token (HTTP 401)")) { try await client(s).listGroups() }
        #expect(s.requests.count == 3)
    }

    @Test func refusedRefreshMeansLogInAgain() async throws {
        let s = try StubServer { _ in .problem(401, title: "Unauthorized", detail: "refresh token expired") }
        defer { s.stop() }
        do {
            _ = try await client(s).listUsers()
            Issue.record("expected an error")
        } catch let e as CtlError {
            #expect(e.kind == .auth)
            #expect(e.message == "session expired: run `dfsctl login` again (Unauthorized: refresh token expired (HTTP 401))")
            #expect(e.exitCode == 3)
        }
        #expect(s.requests.count == 2)
    }

    @Test func refreshServerFailureIsNotAnExpiredSession() async throws {
        let s = try StubServer { r in
            r.path == "/api/v1/auth/refresh" ? .problem(503, title: "Service Unavailable", detail: "database down")
                : .problem(401, title: "Unauthorized", detail: "token expired")
        }
        defer { s.stop() }
        await #expect(throws: CtlError(.server, "Service Unavailable: database down (HTTP 503)")) { try await client(s).listUsers() }
    }

    @Test func problemDocumentBecomesOneLine() async throws {
        let s = try StubServer { _ in .problem(409, title: "Conflict", detail: "store \"meta\" is used by\n/export") }
        defer { s.stop() }
        await #expect(throws: CtlError(.refused, "Conflict: store \"meta\" is used by /export (HTTP 409)")) {
            try await client(s).deleteStore(.metadata, "meta")
        }
    }

    @Test func statusDecidesTheExitCode() {
        #expect(CtlError.problem(Problem(title: "Forbidden", status: 403)).exitCode == 3)
        #expect(CtlError.problem(Problem(title: "Not Found", status: 404, detail: "no user bob")).exitCode == 1)
        #expect(CtlError.problem(Problem(title: "Not Found", status: 404, detail: "no user bob")).message == "Not Found: no user bob (HTTP 404)")
        #expect(CtlError.problem(Problem(title: "Internal Server Error", status: 500)).exitCode == 4)
        #expect(CtlError.problem(Problem(title: "Internal Server Error", status: 500)).message == "Internal Server Error (HTTP 500)")
    }

    @Test func nonProblemErrorShowsStatusAndBody() async throws {
        let s = try StubServer { _ in StubServer.Reply(status: 502, contentType: "text/plain", body: Data("bad gateway\nupstream down".utf8)) }
        defer { s.stop() }
        await #expect(throws: CtlError(.server, "GET /api/v1/plugins: HTTP 502: bad gateway upstream down")) {
            try await client(s).listPlugins()
        }
    }

    @Test func unreadableReplyIsAServerError() async throws {
        let s = try StubServer { _ in .json(200, #"{"name":"alice"}"#) }
        defer { s.stop() }
        await #expect(throws: CtlError(.server, "unexpected reply to GET /api/v1/users/alice (HTTP 200): missing \"uid\"")) {
            try await client(s).getUser("alice")
        }
    }

    @Test func connectionRefused() async throws {
        let refusing = try RefusingPort()
        let url = refusing.url
        let c = APIClient(server: url, transport: URLSessionTransport(timeout: 10), credentials: Credentials(accessToken: "a", refreshToken: "r"))
        await #expect(throws: CtlError(.connection, "cannot reach the server at \(url): connection refused")) { try await c.listUsers() }
    }

    @Test func notLoggedInSendsNothing() async throws {
        let s = try StubServer { _ in .noContent }
        defer { s.stop() }
        await #expect(throws: CtlError.notLoggedIn) { try await client(s, creds: nil).listShares() }
        #expect(s.requests.isEmpty)
    }

    @Test func loginIsUnauthenticated() async throws {
        let s = try StubServer { _ in .json(200, Sample.tokens) }
        defer { s.stop() }
        let pair = try await client(s, creds: nil).login(LoginRequest(username: "admin", password: "pw"))
        #expect(pair.role == .admin)
        let r = try #require(s.requests.first)
        #expect(r.path == "/api/v1/auth/login" && r.headers["authorization"] == nil)
        #expect(try JSONDecoder().decode(LoginRequest.self, from: r.body) == LoginRequest(username: "admin", password: "pw"))
    }

    @Test func everyRouteUsesTheTablesMethodAndPath() async throws {
        let s = try StubServer { r in
            switch r.path {
            case "/api/v1/groups/staff", "/api/v1/groups/staff/members/alice", "/api/v1/groups": .json(200, Sample.group)
            case "/api/v1/adapters/nfs", "/api/v1/adapters/nfs/enable", "/api/v1/adapters/nfs/disable": .json(200, Sample.adapter)
            case "/api/v1/plugins/rescan": .json(200, #"{"plugins":[],"added":[],"rejected":[]}"#)
            case "/api/v1/settings/log.level": .json(200, #"{"key":"log.level","value":"debug"}"#)
            case "/api/v1/shares/%2Fx/permissions": .json(200, "[]")
            case "/api/v1/stores/metadata": .json(201, Sample.store)
            case "/api/v1/users/me/password": .noContent
            default: .problem(404, title: "Not Found")
            }
        }
        defer { s.stop() }
        let c = client(s)
        _ = try await c.createGroup(GroupCreate(name: "staff"))
        _ = try await c.updateGroup("staff", GroupUpdate(gid: 5))
        _ = try await c.addMember(group: "staff", user: "alice")
        _ = try await c.removeMember(group: "staff", user: "alice")
        _ = try await c.enableAdapter("nfs", AdapterConfig(port: 1))
        _ = try await c.updateAdapter("nfs", AdapterConfig(bind: "::1"))
        _ = try await c.disableAdapter("nfs")
        _ = try await c.rescanPlugins()
        _ = try await c.setSetting("log.level", "debug")
        _ = try await c.grant(share: "/x", Permission(kind: .user, principal: "a", level: .read))
        _ = try await c.createStore(.metadata, StoreCreate(name: "meta", type: "badgerlike"))
        try await c.changeOwnPassword(PasswordChange(currentPassword: "o", newPassword: "n"))
        #expect(s.requests.map { "\($0.method) \($0.path)" } == [
            "POST /api/v1/groups", "PATCH /api/v1/groups/staff", "PUT /api/v1/groups/staff/members/alice",
            "DELETE /api/v1/groups/staff/members/alice", "POST /api/v1/adapters/nfs/enable", "PATCH /api/v1/adapters/nfs",
            "POST /api/v1/adapters/nfs/disable", "POST /api/v1/plugins/rescan", "PUT /api/v1/settings/log.level",
            "PUT /api/v1/shares/%2Fx/permissions", "POST /api/v1/stores/metadata", "POST /api/v1/users/me/password",
        ])
        #expect(s.requests[8].json?["value"] as? String == "debug")
        #expect(s.requests[11].json?["newPassword"] as? String == "n")
    }
}

/// A box for the tokens handed to `onRefresh`.
final class Saved: @unchecked Sendable {
    private let lock = NSLock()
    private var pair: TokenPair?
    func set(_ p: TokenPair) { lock.withLock { pair = p } }
    func get() -> TokenPair? { lock.withLock { pair } }
}
