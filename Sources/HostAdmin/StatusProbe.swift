import ControlModels
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dfs status`: is the server process alive, and does its API say it is ready.
public enum StatusProbe {
    /// The answer of `GET /health/ready`.
    public enum Readiness: Equatable, Sendable {
        /// HTTP 200 with a Health document.
        case ready(Health)
        /// Any other HTTP status; the Health document when the body is one.
        case notReady(httpStatus: Int, health: Health?)
        /// No HTTP answer (refused, timed out, not HTTP).
        case unreachable(String)
    }

    /// The readiness URL for an API bind address and port; a wildcard bind
    /// (0.0.0.0, ::) is reached through loopback.
    public static func readyURL(bind: String, port: Int) -> URL {
        var host = bind
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        if host.contains(":") { host = "[\(host)]" }
        return URL(string: "http://\(host):\(port)/health/ready")!
    }

    /// Asks `url` once, waiting at most `timeout` seconds.
    public static func fetch(_ url: URL, timeout: Double) -> Readiness {
        if let host = url.host { bypassProxy(for: host) }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(interpret(data: data, response: response, error: error))
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            return .unreachable("no answer within \(timeout)s")
        }
        return box.get() ?? .unreachable("no answer")
    }

    /// The server is asked directly, never through `$http_proxy`: libcurl
    /// (under URLSession on Linux) reads the proxy variables itself and the
    /// session's proxy dictionary does not turn them off, so the host is added
    /// to `$no_proxy`/`$NO_PROXY` of this (short-lived CLI) process.
    static func bypassProxy(for host: String) {
        let env = ProcessInfo.processInfo.environment
        let proxied = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"].contains { !(env[$0] ?? "").isEmpty }
        guard proxied else { return }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        for name in ["no_proxy", "NO_PROXY"] {
            let current = env[name] ?? ""
            if current.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == bare }) { continue }
            setenv(name, current.isEmpty ? bare : current + "," + bare, 1)
        }
    }

    /// Turns a URLSession completion into a ``Readiness``.
    static func interpret(data: Data?, response: URLResponse?, error: Error?) -> Readiness {
        if let error { return .unreachable(error.localizedDescription) }
        guard let http = response as? HTTPURLResponse else { return .unreachable("not an HTTP answer") }
        let health = data.flatMap { try? JSONDecoder().decode(Health.self, from: $0) }
        if http.statusCode == 200, let health { return .ready(health) }
        return .notReady(httpStatus: http.statusCode, health: health)
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Readiness?
        func set(_ v: Readiness) { lock.lock(); value = v; lock.unlock() }
        func get() -> Readiness? { lock.lock(); defer { lock.unlock() }; return value }
    }
}
