import ControlAPI
import ControlModels
import Foundation
import Testing

@Suite(.serialized) struct AuthTests {
    @Test func loginRefreshAndBearerRules() async throws {
        try await withServer { h in
            // wrong password, unknown user: the same 401
            let bad = try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: "admin", password: "nope-nope"))
            #expect(bad.status == 401)
            #expect(bad.contentType.hasPrefix("application/problem+json"))
            #expect(bad.problem?.detail == "wrong user name or password")
            let ghost = try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: "ghost", password: "whatever1"))
            #expect(ghost.status == 401 && ghost.problem?.detail == bad.problem?.detail)

            let ok = try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: "admin", password: Harness.adminPassword))
            let pair = try ok.decode(TokenPair.self)
            #expect(pair.role == .admin && pair.tokenType == "Bearer" && pair.expiresIn == 900)
            // no token, garbage token, a refresh token used as access token
            #expect(try await h.request("GET", "/api/v1/users").status == 401)
            #expect(try await h.request("GET", "/api/v1/users", token: "garbage").status == 401)
            #expect(try await h.request("GET", "/api/v1/users", token: pair.refreshToken).status == 401)
            #expect(try await h.request("GET", "/api/v1/users", headers: ["Authorization": "Basic YTpi"]).status == 401)
            #expect(try await h.request("GET", "/api/v1/users", token: pair.accessToken).status == 200)
            // refresh: a new pair; an access token is not a refresh token
            let refreshed = try await h.request("POST", "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: pair.refreshToken))
            #expect(refreshed.status == 200)
            #expect(try await h.request("GET", "/api/v1/users", token: try refreshed.decode(TokenPair.self).accessToken).status == 200)
            #expect(try await h.request("POST", "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: pair.accessToken)).status == 401)
            // a bad token does not break public routes; protected ones say why
            #expect(try await h.request("GET", "/health", token: "garbage").status == 200)
            let expired = try await h.request("GET", "/api/v1/users", token: "garbage")
            #expect(expired.problem?.detail?.contains("invalid or expired") == true)
            // an oversized body is 413, not a server error
            let huge = try await h.request("PUT", "/api/v1/settings/log.level", token: pair.accessToken,
                                           raw: "{\"value\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            #expect(huge.status == 413 && huge.contentType.hasPrefix("application/problem+json"))
            // a request id comes back (ours when sane)
            let withID = try await h.request("GET", "/health", headers: ["X-Request-Id": "abc-123"])
            #expect(withID.headers["x-request-id"] == "abc-123")
            #expect(!(try await h.request("GET", "/health").headers["x-request-id"] ?? "").isEmpty)
        }
    }

    @Test func loginIsRateLimited() async throws {
        try await withServer { h in
            #expect(try await h.admin("PUT", "/api/v1/settings/auth.login_attempts_per_minute", json: SettingValue(value: "3")).status == 200)
            for _ in 0..<3 {
                #expect(try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: "admin", password: "wrong-pass")).status == 401)
            }
            let limited = try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: "admin", password: Harness.adminPassword))
            #expect(limited.status == 429, "even the right password waits once the limit is hit")
            #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 0)
        }
    }

    @Test func usersManageOnlyTheirOwnPassword() async throws {
        try await withServer { h in
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "alice", password: "alice-pass-1")).status == 201)
            let alice = try await h.login("alice", "alice-pass-1")
            let me = try await h.request("GET", "/api/v1/users/me", token: alice)
            #expect(try me.decode(User.self).name == "alice")
            // every admin route answers 403 to a user
            let adminRoutes: [(String, String)] = [
                ("GET", "/api/v1/users"), ("POST", "/api/v1/users"), ("GET", "/api/v1/users/admin"), ("PATCH", "/api/v1/users/alice"),
                ("DELETE", "/api/v1/users/admin"), ("GET", "/api/v1/groups"), ("POST", "/api/v1/groups"),
                ("GET", "/api/v1/shares"), ("POST", "/api/v1/shares"), ("GET", "/api/v1/shares/\(seg("/export"))/permissions"),
                ("PUT", "/api/v1/shares/\(seg("/export"))/permissions"), ("GET", "/api/v1/stores/metadata"),
                ("POST", "/api/v1/stores/payload"), ("GET", "/api/v1/adapters"), ("POST", "/api/v1/adapters/nfs/enable"),
                ("POST", "/api/v1/adapters/nfs/disable"), ("GET", "/api/v1/plugins"), ("POST", "/api/v1/plugins/rescan"),
                ("GET", "/api/v1/settings"), ("PUT", "/api/v1/settings/log.level"), ("GET", "/api/v1/status"),
            ]
            for (m, p) in adminRoutes {
                let r = try await h.request(m, p, token: alice, raw: m == "GET" ? nil : "{}")
                #expect(r.status == 403, "\(m) \(p) gave \(r.status)")
                let anonymous = try await h.request(m, p, raw: m == "GET" ? nil : "{}")
                #expect(anonymous.status == 401, "\(m) \(p) without a token gave \(anonymous.status)")
            }
            for (m, p) in [("GET", "/api/v1/users/me"), ("POST", "/api/v1/users/me/password")] {
                #expect(try await h.request(m, p, raw: m == "GET" ? nil : "{}").status == 401, "\(m) \(p)")
            }
            // own password: wrong current → 403, right → 204, then the new one works
            let wrong = try await h.request("POST", "/api/v1/users/me/password", token: alice,
                                            json: PasswordChange(currentPassword: "nope-nope", newPassword: "alice-pass-2"))
            #expect(wrong.status == 403)
            let changed = try await h.request("POST", "/api/v1/users/me/password", token: alice,
                                              json: PasswordChange(currentPassword: "alice-pass-1", newPassword: "alice-pass-2"))
            #expect(changed.status == 204)
            // the change ended alice's session: her old token is refused, saying why
            let ended = try await h.request("GET", "/api/v1/users/me", token: alice)
            #expect(ended.status == 401 && ended.problem?.detail?.contains("session has ended") == true, "\(ended.text)")
            let alice2 = try await h.login("alice", "alice-pass-2")
            #expect(try await h.request("GET", "/api/v1/users/me", token: alice2).status == 200)
            // a deleted user's token stops working at once
            #expect(try await h.admin("DELETE", "/api/v1/users/alice").status == 204)
            #expect(try await h.request("GET", "/api/v1/users/me", token: alice2).status == 401)
        }
    }

    /// Logout ends every session of the caller (access and refresh tokens,
    /// every client) and no one else's; an admin's password reset ends the
    /// user's sessions too.
    @Test func logoutAndPasswordResetEndSessions() async throws {
        try await withServer { h in
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "bob", password: "bob-pass-11")).status == 201)
            func pair(_ user: String, _ pw: String) async throws -> TokenPair {
                try await h.request("POST", "/api/v1/auth/login", json: LoginRequest(username: user, password: pw)).decode(TokenPair.self)
            }
            let laptop = try await pair("bob", "bob-pass-11"), desktop = try await pair("bob", "bob-pass-11")
            #expect(try await h.request("POST", "/api/v1/auth/logout").status == 401, "logout needs a session")
            #expect(try await h.request("POST", "/api/v1/auth/logout", token: laptop.accessToken).status == 204)
            for token in [laptop.accessToken, desktop.accessToken] {
                #expect(try await h.request("GET", "/api/v1/users/me", token: token).status == 401)
            }
            for token in [laptop.refreshToken, desktop.refreshToken] {
                let r = try await h.request("POST", "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: token))
                #expect(r.status == 401 && r.problem?.detail?.contains("session has ended") == true, "\(r.text)")
            }
            // the admin's own session is untouched; a new login of bob works
            #expect(try await h.admin("GET", "/api/v1/users").status == 200)
            let again = try await pair("bob", "bob-pass-11")
            #expect(try await h.request("GET", "/api/v1/users/me", token: again.accessToken).status == 200)
            // an admin resetting bob's password ends his sessions
            #expect(try await h.admin("PATCH", "/api/v1/users/bob", json: UserUpdate(password: "bob-pass-22")).status == 200)
            #expect(try await h.request("GET", "/api/v1/users/me", token: again.accessToken).status == 401)
            // other changes of bob (e-mail) do not
            let fresh = try await pair("bob", "bob-pass-22")
            #expect(try await h.admin("PATCH", "/api/v1/users/bob", json: UserUpdate(email: "bob@example.com")).status == 200)
            #expect(try await h.request("GET", "/api/v1/users/me", token: fresh.accessToken).status == 200)
        }
    }
}
