import ControlModels
import Foundation

/// The tokens a context holds.
public struct Credentials: Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    public init(accessToken: String, refreshToken: String) { self.accessToken = accessToken; self.refreshToken = refreshToken }
}

/// The small HTTP layer of dfsctl: builds requests against one server
/// (`<server>/api/v1/...`), adds `Authorization: Bearer`, encodes and
/// decodes JSON, turns problem documents into `CtlError`s, and on a 401 to
/// an authenticated request refreshes the access token once with the
/// refresh token and retries. New tokens are handed to `onRefresh` so the
/// caller can store them.
public actor APIClient {
    /// The server's base URL as given to `login --server` (no trailing slash).
    public nonisolated let server: String
    private let transport: any HTTPTransport
    private var credentials: Credentials?
    private let onRefresh: @Sendable (TokenPair) throws -> Void

    /// - Parameters:
    ///   - server: "http://host:port" (a path prefix is kept; a trailing "/" is dropped).
    ///   - credentials: nil when not logged in (only unauthenticated calls work).
    ///   - onRefresh: called with the new tokens after a refresh.
    public init(server: String, transport: any HTTPTransport, credentials: Credentials?,
                onRefresh: @escaping @Sendable (TokenPair) throws -> Void = { _ in }) {
        var s = server
        while s.hasSuffix("/") { s.removeLast() }
        self.server = s; self.transport = transport; self.credentials = credentials; self.onRefresh = onRefresh
    }

    /// The tokens in use (after any refresh).
    public var currentCredentials: Credentials? { credentials }

    // MARK: typed calls

    /// A request without a body whose reply is decoded as `Reply`.
    public func get<Reply: Decodable>(_ path: String, as: Reply.Type = Reply.self, authenticated: Bool = true) async throws -> Reply {
        try decode(Reply.self, try await call("GET", path, body: nil, authenticated: authenticated), "GET", path)
    }

    /// A request with a JSON body whose reply is decoded as `Reply`.
    public func send<Body: Encodable, Reply: Decodable>(_ method: String, _ path: String, _ body: Body,
                                                        as: Reply.Type = Reply.self, authenticated: Bool = true) async throws -> Reply {
        try decode(Reply.self, try await call(method, path, body: try Self.encode(body), authenticated: authenticated), method, path)
    }

    /// A request without a body whose reply is decoded as `Reply` (POST/PUT/DELETE actions).
    public func action<Reply: Decodable>(_ method: String, _ path: String, as: Reply.Type = Reply.self) async throws -> Reply {
        try decode(Reply.self, try await call(method, path, body: nil, authenticated: true), method, path)
    }

    /// A request whose reply body is ignored (204 No Content).
    public func perform(_ method: String, _ path: String, body: (any Encodable)? = nil) async throws {
        _ = try await call(method, path, body: try body.map { try Self.encode($0) }, authenticated: true)
    }

    // MARK: the exchange

    /// Sends one request (path relative to the server, e.g. "/api/v1/users")
    /// and returns a 2xx reply; any other status becomes a `CtlError`.
    public func call(_ method: String, _ path: String, body: Data?, authenticated: Bool) async throws -> HTTPResponse {
        if authenticated, credentials == nil { throw CtlError.notLoggedIn }
        var reply = try await exchange(method, path, body: body, authenticated: authenticated)
        if reply.status == 401, authenticated, let creds = credentials {
            try await refresh(creds)
            reply = try await exchange(method, path, body: body, authenticated: true)
        }
        guard (200..<300).contains(reply.status) else { throw Self.error(for: reply, method, path) }
        return reply
    }

    private func exchange(_ method: String, _ path: String, body: Data?, authenticated: Bool) async throws -> HTTPResponse {
        try await transport.send(try buildRequest(method, path, body: body, authenticated: authenticated))
    }

    /// The request for `method path` with the current access token.
    public func buildRequest(_ method: String, _ path: String, body: Data?, authenticated: Bool) throws -> HTTPRequest {
        guard let url = URL(string: server + path) else { throw CtlError(.usage, "invalid server URL: \(server + path)") }
        var headers = ["Accept": "application/json, application/problem+json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        if authenticated, let c = credentials { headers["Authorization"] = "Bearer " + c.accessToken }
        return HTTPRequest(method: method, url: url, headers: headers, body: body)
    }

    /// Trades the refresh token for new tokens; a refusal means the
    /// session is over.
    private func refresh(_ creds: Credentials) async throws {
        let path = APIPath.prefix + "/auth/refresh"
        let reply = try await exchange("POST", path, body: try Self.encode(RefreshRequest(refreshToken: creds.refreshToken)), authenticated: false)
        guard (200..<300).contains(reply.status) else {
            let e = Self.error(for: reply, "POST", path)
            // The refresh token itself was refused (expired, revoked, user gone).
            if [400, 401, 403].contains(reply.status) {
                throw CtlError(.auth, "session expired: run `dfsctl login` again (\(e.message))")
            }
            throw e
        }
        let pair = try decode(TokenPair.self, reply, "POST", path)
        credentials = Credentials(accessToken: pair.accessToken, refreshToken: pair.refreshToken)
        try onRefresh(pair)
    }

    // MARK: coding

    static func encode(_ body: some Encodable) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(body)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ reply: HTTPResponse, _ method: String, _ path: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: reply.body) } catch {
            throw CtlError(.server, "unexpected reply to \(method) \(path) (HTTP \(reply.status)): \(Self.decodingReason(error))")
        }
    }

    static func decodingReason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let k, _): "missing \"\(k.stringValue)\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at \"\(c.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted(let c):
            c.codingPath.isEmpty ? "not JSON" : "bad value at \"\(c.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: "\(error)"
        }
    }

    /// The error for a non-2xx reply: the problem document when there is
    /// one, else the status and the start of the body.
    static func error(for reply: HTTPResponse, _ method: String, _ path: String) -> CtlError {
        if let p = try? JSONDecoder().decode(Problem.self, from: reply.body) {
            var p = p
            if p.status == 0 { p.status = reply.status }
            return .problem(p)
        }
        var text = "\(method) \(path): HTTP \(reply.status)"
        let body = CtlError.oneLine(String(decoding: reply.body.prefix(200), as: UTF8.self))
        if !body.isEmpty { text += ": " + body }
        return CtlError(CtlError.kind(forStatus: reply.status), text)
    }
}
