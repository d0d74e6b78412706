import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request as `APIClient` builds it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method; self.url = url; self.headers = headers; self.body = body
    }
}

/// One HTTP reply. Header names are lower-cased.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status; self.body = body
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Sends requests. The real one is `URLSessionTransport`; tests may use any.
/// Fails with `CtlError(.connection, ...)` when the server cannot be reached.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// `HTTPTransport` over Foundation's URLSession (libcurl on Linux).
public struct URLSessionTransport: HTTPTransport {
    /// Seconds before a request without an answer fails.
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 30) { self.timeout = timeout }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var r = URLRequest(url: request.url, timeoutInterval: timeout)
        r.httpMethod = request.method
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        r.httpBody = request.body
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: r)
        } catch {
            throw CtlError(.connection, "cannot reach the server at \(Self.origin(of: request.url)): \(Self.describe(error))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw CtlError(.server, "the server at \(Self.origin(of: request.url)) did not answer with HTTP")
        }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers[String(describing: k)] = String(describing: v) }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// "http://host:port" of a URL (what the user gave to `login --server`).
    static func origin(of url: URL) -> String {
        var s = (url.scheme ?? "http") + "://" + (url.host ?? "?")
        if let p = url.port { s += ":\(p)" }
        return s
    }

    /// A short reason for a URLSession failure.
    static func describe(_ error: Error) -> String {
        if let u = error as? URLError {
            switch u.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "unknown host"
            case .networkConnectionLost: return "connection lost"
            case .notConnectedToInternet: return "network unreachable"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                return "TLS failure (\(u.localizedDescription))"
            default: return u.localizedDescription
            }
        }
        return "\(error)"
    }
}
