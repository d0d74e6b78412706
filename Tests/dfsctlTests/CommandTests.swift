import ControlModels
@testable import DFSCtlKit
import Foundation
import Testing

/// Whole command lines through `DFSCtl.run` against the stub server.
@Suite struct CommandTests {
    @Test func loginStoresTheContext() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/login": .json(200, Sample.tokens)])
        let r = await h.run(["login", "--server", h.server.url + "/", "--username", "admin", "--password-stdin"],
                            console: ScriptedConsole(lines: ["s3cret"]))
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "Logged in to \(h.server.url) as admin (admin); context \"default\".\n")
        let body = try JSONDecoder().decode(LoginRequest.self, from: try #require(h.server.requests.first).body)
        #expect(body == LoginRequest(username: "admin", password: "s3cret"))
        let cfg = try h.store.load()
        #expect(cfg.current == "default")
        #expect(cfg.contexts["default"] == Context(server: h.server.url, username: "admin", role: .admin, accessToken: "A1", refreshToken: "R1"))
    }

    @Test func loginPromptsOnATerminal() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/login": .json(200, Sample.tokens)])
        let console = ScriptedConsole(lines: ["admin"], secrets: ["pw"], interactive: true)
        let r = await h.run(["login", "--server", h.server.url, "--context", "lab"], console: console)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err == "Username: ")
        #expect(console.prompts == ["Password for admin: "])
        #expect(try h.store.load().current == "lab")
    }

    @Test func loginWithoutTerminalNeedsPasswordStdin() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["login", "--server", h.server.url, "--username", "admin"])
        #expect(r.code == 2)
        #expect(r.err == "dfsctl: standard input is not a terminal: give the password on standard input with --password-stdin\n")
        #expect(h.server.requests.isEmpty)
    }

    @Test func badCredentials() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/login": .problem(401, title: "Unauthorized", detail: "invalid user name or password")])
        let r = await h.run(["login", "--server", h.server.url, "--username", "admin", "--password-stdin"], console: ScriptedConsole(lines: ["x"]))
        #expect(r.code == 3)
        #expect(r.err == "dfsctl: login failed: Unauthorized: invalid user name or password (HTTP 401)\n")
        #expect(try h.store.load().contexts.isEmpty)
    }

    @Test func severalContextsAndUse() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/login": .json(200, Sample.tokens), "POST /api/v1/auth/logout": .noContent])
        for name in ["one", "two"] {
            let r = await h.run(["login", "--context", name, "--server", h.server.url, "--username", "admin", "--password-stdin"],
                                console: ScriptedConsole(lines: ["pw"]))
            #expect(r.code == 0)
        }
        var r = await h.run(["context", "list"])
        #expect(r.out == """
            CURRENT  NAME  SERVER                  USER   ROLE   LOGGED-IN
            -        one   \(h.server.url)  admin  admin  yes
            *        two   \(h.server.url)  admin  admin  yes

            """.replacingOccurrences(of: "SERVER                  ", with: "SERVER" + String(repeating: " ", count: h.server.url.count - 4)))
        r = await h.run(["context", "use", "one"])
        #expect(r.code == 0)
        r = await h.run(["context", "current"])
        #expect(r.out == "one\t\(h.server.url)\n")
        r = await h.run(["context", "use", "three"])
        #expect(r.code == 2 && r.err == "dfsctl: no context named \"three\" (see `dfsctl context list`)\n")
        r = await h.run(["logout"])
        #expect(r.code == 0 && r.err.isEmpty, "\(r.err)")
        // The server was asked to end the session, with the context's token.
        let out = try #require(h.server.requests.last)
        #expect(out.method == "POST" && out.path == "/api/v1/auth/logout" && out.headers["authorization"] == "Bearer A1")
        r = await h.run(["user", "list"])
        #expect(r.code == 3)
        #expect(r.err == "dfsctl: not logged in to \(h.server.url) (context \"one\"): run `dfsctl login --context one`\n")
    }

    @Test func notLoggedInAtAll() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["share", "list"])
        #expect(r.code == 3)
        #expect(r.err == "dfsctl: not logged in: run `dfsctl login --server URL` first\n")
    }

    @Test func corruptContextsFile() async throws {
        let h = try Harness(routes: [:])
        try FileManager.default.createDirectory(atPath: h.dir.path + "/cfg", withIntermediateDirectories: true)
        try Data("{oops".utf8).write(to: URL(fileURLWithPath: h.configPath))
        let r = await h.run(["status"])
        #expect(r.code == 6)
        #expect(r.err.hasPrefix("dfsctl: the contexts file \(h.configPath) is not valid"))
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test func userCreateSendsTheDocument() async throws {
        let h = try Harness(routes: ["POST /api/v1/users": .json(201, Sample.alice)])
        try h.loggedIn()
        let r = await h.run(["user", "create", "alice", "--uid", "1001", "--group", "staff", "--password-stdin"],
                            console: ScriptedConsole(lines: ["pw1"]))
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "NAME   UID   GID   ROLE  GROUPS  EMAIL\nalice  1001  1001  user  staff   -\n")
        let req = try #require(h.server.requests.first)
        #expect(req.headers["authorization"] == "Bearer A1")
        #expect(try JSONDecoder().decode(UserCreate.self, from: req.body) == UserCreate(name: "alice", password: "pw1", uid: 1001, groups: ["staff"]))
    }

    @Test func userCreatePromptMismatch() async throws {
        let h = try Harness(routes: [:])
        try h.loggedIn()
        let r = await h.run(["user", "create", "alice"], console: ScriptedConsole(secrets: ["a", "b"], interactive: true))
        #expect(r.code == 2 && r.err == "dfsctl: the passwords do not match\n")
        #expect(h.server.requests.isEmpty)
    }

    @Test func adminPasswordReset() async throws {
        let h = try Harness(routes: ["PATCH /api/v1/users/alice": .json(200, Sample.alice)])
        try h.loggedIn()
        let r = await h.run(["user", "update", "alice", "--password-stdin", "-o", "json"], console: ScriptedConsole(lines: ["new"]))
        #expect(r.code == 0, "\(r.err)")
        #expect(try JSONDecoder().decode(User.self, from: Data(r.out.utf8)).name == "alice")
        #expect(try #require(h.server.requests.first).json as? [String: String] == ["password": "new"])
    }

    /// The context names its user (a context saved without one asks the server).
    @Test(arguments: [("alice", false), (nil, true)] as [(String?, Bool)])
    func ownPasswordChange(contextUser: String?, asksWhoAmI: Bool) async throws {
        let h = try Harness(routes: ["GET /api/v1/users/me": .json(200, Sample.alice), "POST /api/v1/users/me/password": .noContent,
                                     "POST /api/v1/auth/login": .json(200, Sample.tokens2)])
        try h.loggedIn(username: contextUser)
        let r = await h.run(["user", "passwd", "--password-stdin"], console: ScriptedConsole(lines: ["old", "new"]))
        #expect(r.code == 0 && r.out == "Password changed; every other session of alice has ended.\n", "\(r.err)")
        #expect(h.server.requests.map(\.path) == (asksWhoAmI ? ["/api/v1/users/me"] : []) + ["/api/v1/users/me/password", "/api/v1/auth/login"])
        let change = try #require(h.server.requests.first { $0.path == "/api/v1/users/me/password" })
        #expect(try JSONDecoder().decode(PasswordChange.self, from: change.body) == PasswordChange(currentPassword: "old", newPassword: "new"))
        // The change ended this session too: the context logged in again with the new password.
        let login = try #require(h.server.requests.last)
        let relogin = try JSONDecoder().decode(LoginRequest.self, from: login.body)
        #expect(login.path == "/api/v1/auth/login" && relogin == LoginRequest(username: "alice", password: "new"))
        #expect(try h.store.load().contexts["default"]?.accessToken == "A2")
    }

    /// A server that cannot end the session (unreachable, or the session is
    /// already gone): the tokens are forgotten anyway, with a warning.
    @Test func logoutWithoutTheServer() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/logout": .problem(401, title: "Unauthorized", detail: "this session has ended")])
        try h.loggedIn()
        let r = await h.run(["logout"])
        #expect(r.code == 0)
        #expect(r.err.hasPrefix("dfsctl: warning: the server did not end the session"), "\(r.err)")
        #expect(try h.store.load().contexts["default"]?.accessToken == nil)
    }

    @Test func shareCreateAndPermissions() async throws {
        let h = try Harness(routes: [
            "POST /api/v1/shares": .json(201, Sample.share),
            "PUT /api/v1/shares/%2Fexport/permissions": .json(200, #"[{"kind":"user","principal":"alice","level":"read-write"}]"#),
            "DELETE /api/v1/shares/%2Fexport/permissions/user/alice": .noContent,
        ])
        try h.loggedIn()
        var r = await h.run(["share", "create", "/export", "--metadata-store", "meta", "--payload-store", "blocks",
                             "--read-only", "--allow-client", "10.0.0.0/8", "--squash", "none"])
        #expect(r.code == 0, "\(r.err)")
        let create = try JSONDecoder().decode(ShareCreate.self, from: h.server.requests[0].body)
        #expect(create == ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "blocks", readOnly: true, squash: SquashMode.none,
                                      allowedClients: ["10.0.0.0/8"]))
        r = await h.run(["share", "create", "/export", "--metadata-store", "meta", "--payload-store", "blocks", "--cache-size", "2G",
                         "--root-owner", "1000", "--root-mode", "1777"])
        #expect(r.code == 0, "\(r.err)")
        let cached = try JSONDecoder().decode(ShareCreate.self, from: h.server.requests[1].body)
        #expect(cached.cache == ShareCache(sizeBytes: 2 << 30, remoteDurable: false))
        #expect(cached.rootUid == 1000 && cached.rootGid == 1000 && cached.rootMode == 0o1777)
        r = await h.run(["share", "permission", "grant", "/export", "--user", "alice", "--level", "read-write"])
        #expect(r.code == 0)
        #expect(r.out == "KIND  PRINCIPAL  LEVEL\nuser  alice      read-write\n")
        #expect(try JSONDecoder().decode(Permission.self, from: h.server.requests[2].body) == Permission(kind: .user, principal: "alice", level: .readWrite))
        r = await h.run(["share", "permission", "revoke", "/export", "--user", "alice"])
        #expect(r.code == 0 && r.out == "Revoked user alice on /export.\n")
    }

    @Test func shareUpdateSendsOnlyWhatChanged() async throws {
        let h = try Harness(routes: ["PATCH /api/v1/shares/%2Fexport": .json(200, Sample.share)])
        try h.loggedIn()
        let r = await h.run(["share", "update", "/export", "--no-read-only", "--any-client"])
        #expect(r.code == 0, "\(r.err)")
        let sent = try #require(h.server.requests.first?.json)
        #expect(sent.count == 2 && sent["readOnly"] as? Bool == false && (sent["allowedClients"] as? [Any])?.isEmpty == true)
    }

    @Test func shareUpdateResizesTheCache() async throws {
        let h = try Harness(routes: ["PATCH /api/v1/shares/%2Fexport": .json(200, Sample.share)])
        try h.loggedIn()
        let r = await h.run(["share", "update", "/export", "--cache-size", "2G"])
        #expect(r.code == 0, "\(r.err)")
        let sent = try #require(h.server.requests.first?.json)
        #expect(sent.count == 1 && (sent["cache"] as? [String: Any])?.count == 1)
        #expect((sent["cache"] as? [String: Any])?["sizeBytes"] as? Int == 2 << 30)
    }

    @Test func storeAddFromConfigFile() async throws {
        let h = try Harness(routes: ["POST /api/v1/stores/payload": .json(201, Sample.store)])
        try h.loggedIn()
        let file = h.dir.path + "/fs.json"
        try Data(#"{"path":"/srv/blocks","sync":true}"#.utf8).write(to: URL(fileURLWithPath: file))
        let r = await h.run(["store", "payload", "add", "blocks", "--type", "fs", "--config-file", file, "-o", "yaml"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("config:\n  path: /srv/m\nkind: metadata\n"))
        let body = try JSONDecoder().decode(StoreCreate.self, from: try #require(h.server.requests.first).body)
        #expect(body == StoreCreate(name: "blocks", type: "fs", config: .object(["path": .string("/srv/blocks"), "sync": .bool(true)])))
    }

    @Test(arguments: [
        (["--config", "{bad"], "dfsctl: --config is not valid JSON\n"),
        (["--config", "[1]"], "dfsctl: --config must be a JSON object, like '{\"path\":\"/srv/meta\"}'\n"),
        (["--config-file", "/nonexistent/x.json"], "dfsctl: cannot read --config-file /nonexistent/x.json: No such file or directory\n"),
    ])
    func storeAddBadConfig(_ extra: [String], _ message: String) async throws {
        let h = try Harness(routes: [:])
        try h.loggedIn()
        let r = await h.run(["store", "metadata", "add", "m", "--type", "badgerlike"] + extra)
        #expect(r.code == 2)
        #expect(r.err == message)
        #expect(h.server.requests.isEmpty)
    }

    @Test func adapterEnableSettings() async throws {
        let h = try Harness(routes: ["POST /api/v1/adapters/nfs/enable": .json(200, Sample.adapter)])
        try h.loggedIn()
        let r = await h.run(["adapter", "enable", "nfs", "--port", "12049", "--setting", "workers=4", "--setting", "name=x=y",
                             "--setting", "debug=true"])
        #expect(r.code == 0, "\(r.err)")
        let sent = try JSONDecoder().decode(AdapterConfig.self, from: try #require(h.server.requests.first).body)
        #expect(sent == AdapterConfig(port: 12049, settings: .object(["workers": .int(4), "name": .string("x=y"), "debug": .bool(true)])))
        let bad = await h.run(["adapter", "enable", "nfs", "--setting", "=x"])
        #expect(bad.code == 2 && bad.err == "dfsctl: --setting =x: expected KEY=VALUE\n")
    }

    @Test func refreshedTokensAreSaved() async throws {
        let h = try Harness { r in
            switch (r.path, r.headers["authorization"]) {
            case ("/api/v1/auth/refresh", _): .json(200, Sample.tokens2)
            case ("/api/v1/groups", "Bearer A2"): .json(200, "[\(Sample.group)]")
            default: .problem(401, title: "Unauthorized", detail: "token expired")
            }
        }
        try h.loggedIn()
        let r = await h.run(["group", "list"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "NAME   GID  MEMBERS\nstaff  100  alice\n")
        #expect(try h.store.load().contexts["default"]?.credentials == Credentials(accessToken: "A2", refreshToken: "R2"))
    }

    @Test func problemIsOneLineAndExitCode() async throws {
        let h = try Harness(routes: [
            "DELETE /api/v1/stores/metadata/meta": .problem(409, title: "Conflict", detail: "store meta is used by /export"),
            "GET /api/v1/status": .problem(403, title: "Forbidden", detail: "admin only"),
            "GET /api/v1/plugins": .problem(500, title: "Internal Server Error"),
        ])
        try h.loggedIn()
        var r = await h.run(["store", "metadata", "remove", "meta"])
        #expect(r.code == 1 && r.err == "dfsctl: Conflict: store meta is used by /export (HTTP 409)\n" && r.out.isEmpty)
        r = await h.run(["status"])
        #expect(r.code == 3 && r.err == "dfsctl: Forbidden: admin only (HTTP 403)\n")
        r = await h.run(["plugin", "list"])
        #expect(r.code == 4 && r.err == "dfsctl: Internal Server Error (HTTP 500)\n")
        r = await h.run(["user", "get", "nobody"])
        #expect(r.code == 1 && r.err == "dfsctl: Not Found: no route GET /api/v1/users/nobody (HTTP 404)\n")
    }

    @Test func connectionRefusedMessage() async throws {
        let h = try Harness(routes: [:])
        let refusing = try RefusingPort()
        try h.store.save(ContextsConfig(current: "c", contexts: ["c": Context(server: refusing.url, accessToken: "a", refreshToken: "r")]))
        let r = await h.run(["settings", "list"])
        #expect(r.code == 5)
        #expect(r.err == "dfsctl: cannot reach the server at \(refusing.url): connection refused\n")
    }

    @Test func usageErrorsExit2() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["share", "permission", "grant", "/e", "--level", "read"])
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("Error: give exactly one of --user or --group"))
    }

    @Test func helpAndVersionExit0() async throws {
        let h = try Harness(routes: [:])
        var r = await h.run(["--version"])
        #expect(r.code == 0 && r.out == "dfsctl \(DFSCtlInfo.version)\n")
        r = await h.run(["share", "create", "--help"])
        #expect(r.code == 0 && r.out.contains("USAGE: dfsctl share create"))
    }

    @Test func completionScripts() async throws {
        let h = try Harness(routes: [:])
        for shell in ["bash", "zsh", "fish"] {
            let r = await h.run(["completion", shell])
            #expect(r.code == 0)
            #expect(r.out.contains("dfsctl") && r.out.contains("permission"), "\(shell)")
        }
    }
}

/// Login details: reusing a context's server, and a new context beside others.
@Suite struct LoginContextTests {
    @Test func reloginUsesTheContextsServer() async throws {
        let h = try Harness(routes: ["POST /api/v1/auth/login": .json(200, Sample.tokens2)])
        try h.loggedIn(access: "old", refresh: "old")
        let r = await h.run(["login", "--password-stdin", "--username", "admin"], console: ScriptedConsole(lines: ["pw"]))
        #expect(r.code == 0, "\(r.err)")
        #expect(try h.store.load().contexts["default"]?.credentials == Credentials(accessToken: "A2", refreshToken: "R2"))
    }

    @Test func noServerAnywhere() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["login", "--username", "a", "--password-stdin"], console: ScriptedConsole(lines: ["pw"]))
        #expect(r.code == 2 && r.err == "dfsctl: no server for context \"default\": give --server URL\n")
    }

    @Test func emptyPasswordIsRefused() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["login", "--server", h.server.url, "--username", "a", "--password-stdin"], console: ScriptedConsole(lines: [""]))
        #expect(r.code == 2 && r.err == "dfsctl: the password is empty\n")
        #expect(h.server.requests.isEmpty)
    }

    @Test func noInputForPasswordStdin() async throws {
        let h = try Harness(routes: [:])
        let r = await h.run(["login", "--server", h.server.url, "--username", "a", "--password-stdin"])
        #expect(r.code == 2 && r.err == "dfsctl: --password-stdin: no line on standard input\n")
    }

    @Test func contextFlagSelectsTheServer() async throws {
        let h = try Harness(routes: ["GET /api/v1/settings": .json(200, #"[{"key":"k","value":"v"}]"#)])
        try h.store.save(ContextsConfig(current: "other", contexts: [
            "other": Context(server: "http://127.0.0.1:1", accessToken: "x", refreshToken: "y"),
            "stub": Context(server: h.server.url, accessToken: "S", refreshToken: "T"),
        ]))
        let r = await h.run(["settings", "list", "--context", "stub", "-o", "json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "[\n  {\n    \"key\": \"k\",\n    \"value\": \"v\"\n  }\n]\n")
        #expect(h.server.requests.first?.headers["authorization"] == "Bearer S")
    }

    @Test func contextDelete() async throws {
        let h = try Harness(routes: [:])
        try h.loggedIn()
        var r = await h.run(["context", "delete", "default"])
        #expect(r.code == 0 && r.out == "Deleted context default.\n")
        #expect(try h.store.load() == ContextsConfig())
        r = await h.run(["context", "current"])
        #expect(r.code == 2 && r.err == "dfsctl: no current context: run `dfsctl login --server URL`\n")
        r = await h.run(["context", "delete", "default"])
        #expect(r.code == 2)
    }

    @Test func userGetWithoutNameIsMe() async throws {
        let h = try Harness(routes: ["GET /api/v1/users/me": .json(200, Sample.alice)])
        try h.loggedIn()
        let r = await h.run(["user", "get", "-o", "yaml"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "gid: 1001\ngroups:\n- staff\nname: alice\nrole: user\nuid: 1001\n")
    }
}
